package com.sessionconsole.ui.inventory;

import java.util.List;

/**
 * The Tencent Cloud regions the dialog offers in its list. The list is only a convenience: the region box also takes
 * a region typed in (a region opened after this release), checked for a region's shape when saved.
 */
final class Regions {
    static final String DEFAULT = "ap-guangzhou";
    static final List<String> KNOWN = List.of("ap-guangzhou", "ap-shanghai", "ap-nanjing", "ap-beijing", "ap-chengdu",
            "ap-chongqing", "ap-hongkong", "ap-singapore", "ap-jakarta", "ap-bangkok", "ap-seoul", "ap-tokyo",
            "ap-mumbai", "na-siliconvalley", "na-ashburn", "na-toronto", "sa-saopaulo", "eu-frankfurt",
            "ap-shanghai-fsi", "ap-shenzhen-fsi", "ap-beijing-fsi");

    private Regions() {
    }
}
