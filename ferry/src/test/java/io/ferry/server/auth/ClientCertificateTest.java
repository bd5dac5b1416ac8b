package io.ferry.server.auth;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClientCertificateTest {

    @Test
    void aSanNameCoversItselfAndAWildcardOneLabel() {
        List<String> names = List.of("gw.site-a.example", "*.db.site-a.example");
        assertThat(ClientCertificate.covers(names, "gw.site-a.example")).isTrue();
        assertThat(ClientCertificate.covers(names, "GW.Site-A.example")).isTrue();
        assertThat(ClientCertificate.covers(names, "pg.db.site-a.example")).isTrue();
        assertThat(ClientCertificate.covers(names, "db.site-a.example")).isFalse();
        assertThat(ClientCertificate.covers(names, "a.pg.db.site-a.example")).isFalse();
        assertThat(ClientCertificate.covers(names, "site-b.example")).isFalse();
        assertThat(ClientCertificate.covers(List.of("*."), "x.")).isFalse();
    }
}
