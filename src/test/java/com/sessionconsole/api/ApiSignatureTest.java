package com.sessionconsole.api;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The signing code against the published test vectors of dcdb-api.md. */
class ApiSignatureTest {
    private static final String KEY = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";

    @Test
    void tc3MatchesThePublishedVector() {
        String body = "{\"Limit\": 1, \"Filters\": [{\"Values\": [\"\\u672a\\u547d\\u540d\"], \"Name\": \"instance-name\"}]}";
        String headers = "content-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n";
        String canonical = Tc3Signature.canonicalRequest("POST", "", headers, "content-type;host",
                body.getBytes(StandardCharsets.UTF_8));
        long timestamp = 1551113065;
        String date = Tc3Signature.date(timestamp);
        assertThat(date).isEqualTo("2019-02-25");

        String signature = Tc3Signature.signature(KEY, date, "cvm", Tc3Signature.stringToSign(timestamp, date, "cvm", canonical));

        assertThat(signature).isEqualTo("72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168");
        assertThat(Tc3Signature.signPost("AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", KEY, "cvm.tencentcloudapi.com", "cvm",
                timestamp, "application/json; charset=utf-8", body.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request,"
                        + " SignedHeaders=content-type;host, Signature=" + signature);
    }

    @Test
    void v1MatchesThePublishedVector() {
        TreeMap<String, String> params = new TreeMap<>();
        params.put("Action", "DescribeInstances");
        params.put("InstanceIds.0", "ins-09dx96dg");
        params.put("Limit", "20");
        params.put("Nonce", "11886");
        params.put("Offset", "0");
        params.put("Region", "ap-guangzhou");
        params.put("SecretId", "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE");
        params.put("Timestamp", "1465185768");
        params.put("Version", "2017-03-12");

        String text = V1Signature.stringToSign("GET", "cvm.tencentcloudapi.com", "/", params);

        assertThat(text).isEqualTo("GETcvm.tencentcloudapi.com/?Action=DescribeInstances&InstanceIds.0=ins-09dx96dg"
                + "&Limit=20&Nonce=11886&Offset=0&Region=ap-guangzhou&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE"
                + "&Timestamp=1465185768&Version=2017-03-12");
        assertThat(V1Signature.sign(KEY, V1Signature.HMAC_SHA1, text)).isEqualTo("EliP9YW3pW28FpsEdkXt/+WcGeI=");
    }
}
