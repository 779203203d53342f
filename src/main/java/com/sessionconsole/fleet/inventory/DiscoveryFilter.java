package com.sessionconsole.fleet.inventory;

import com.sessionconsole.fleet.Ids;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Which of an account's DCDB instances the console takes: every part given must hold.
 *
 * @param instanceIds only these instances; empty for all
 * @param name        only instances whose name contains this text; null for all
 * @param tags        only instances that carry every one of these tags (key to value); empty for all
 */
public record DiscoveryFilter(List<String> instanceIds, String name, Map<String, String> tags) {
    public static final DiscoveryFilter NONE = new DiscoveryFilter(List.of(), null, Map.of());

    public DiscoveryFilter {
        instanceIds = List.copyOf(new LinkedHashSet<>(instanceIds == null ? List.of() : instanceIds));
        for (String id : instanceIds) {
            Ids.requireInstanceId(id, "instanceIds");
        }
        if (instanceIds.size() > 100) {
            throw new IllegalArgumentException("instanceIds: at most 100 (name or tag filters take any number)");
        }
        name = name == null || name.isBlank() ? null : name.strip();
        if (name != null && (name.length() > 60 || name.chars().anyMatch(Character::isISOControl))) {
            throw new IllegalArgumentException("name: at most 60 characters, no control characters");
        }
        tags = Tags.checked(tags);
    }

    public boolean none() {
        return instanceIds.isEmpty() && name == null && tags.isEmpty();
    }
}
