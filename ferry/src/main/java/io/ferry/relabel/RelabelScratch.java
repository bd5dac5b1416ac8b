package io.ferry.relabel;

import io.ferry.model.GoMatcher;
import io.ferry.model.Labels;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The reusable working memory of one {@link Relabeler}'s passes: the label set being changed,
 * one {@link GoMatcher} per rule, text buffers and an MD5 digest. With it, a pass allocates
 * little but the strings and the {@link Labels} it returns (and the regex engine's small
 * per-match input wrapper). Get one from
 * {@link Relabeler#newScratch()} and keep it per thread (a scrape loop owns one); not thread-safe.
 */
public final class RelabelScratch {
    final Relabeler owner;
    final WorkingLabels labels = new WorkingLabels();
    final GoMatcher[] matchers;
    final StringBuilder joined = new StringBuilder();
    final StringBuilder target = new StringBuilder();
    final StringBuilder value = new StringBuilder();
    final String[][] snapshot = new String[2][];
    final Labels.Builder builder = Labels.builder();
    final MessageDigest md5;
    byte[] utf8 = new byte[64];
    final byte[] digest = new byte[16];

    RelabelScratch(Relabeler owner, GoMatcher[] matchers) {
        this.owner = owner;
        this.matchers = matchers;
        try {
            this.md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }
}
