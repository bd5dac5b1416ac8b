package io.ferry.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads certificates and private keys from PEM text (RFC 7468), as {@code openssl} and the
 * Prometheus tools write them, for {@code --ca-file}, {@code --cert-file} and {@code --key-file}.
 *
 * <pre>{@code
 * List<X509Certificate> cas = Pem.certificates(Files.readString(ca), ca.toString());
 * PrivateKey key = Pem.privateKey(Files.readString(keyFile), keyFile.toString());
 * }</pre>
 *
 * <p>Keys: unencrypted PKCS#8 ({@code PRIVATE KEY}: RSA, EC, Ed25519, Ed448) and PKCS#1
 * ({@code RSA PRIVATE KEY}). Encrypted keys and SEC1 {@code EC PRIVATE KEY} are refused with the
 * {@code openssl} command that converts them. Text outside the blocks is ignored, as
 * {@code openssl} ignores it. For any input every method returns or throws {@link PemException},
 * whose message starts with {@code source:line:}. Stateless and thread-safe.
 */
public final class Pem {
    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";
    /** Larger than any certificate or key; bounds what a wrong file can make us decode. */
    private static final int MAX_BLOCK_CHARS = 1 << 20;
    /** AlgorithmIdentifier of rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters, in DER. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
            (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

    private Pem() {
    }

    /** One {@code BEGIN}/{@code END} block: its label, its decoded bytes and the line of its BEGIN. */
    record Block(String label, byte[] der, int line) {
    }

    /** Every block in the text, in order. */
    static List<Block> blocks(String text, String source) throws PemException {
        List<Block> blocks = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        String label = null;
        int beginLine = 0;
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            int lineNo = i + 1;
            if (label == null) {
                if (line.startsWith(BEGIN)) {
                    label = boundaryLabel(line, BEGIN, source, lineNo);
                    beginLine = lineNo;
                    body.setLength(0);
                }
                continue;
            }
            if (line.startsWith(END)) {
                String endLabel = boundaryLabel(line, END, source, lineNo);
                if (!endLabel.equals(label)) {
                    throw new PemException(source + ":" + lineNo + ": END " + endLabel + " does not close BEGIN "
                            + label + " of line " + beginLine);
                }
                blocks.add(new Block(label, decode(body, source, beginLine), beginLine));
                label = null;
                continue;
            }
            if (line.startsWith(BEGIN)) {
                throw new PemException(source + ":" + lineNo + ": BEGIN inside the block that line " + beginLine + " opened");
            }
            if (line.indexOf(':') >= 0) {
                throw new PemException(source + ":" + lineNo + ": the block has headers ("
                        + line.substring(0, line.indexOf(':')) + "), so it is encrypted; decrypt it first, e.g. with "
                        + "openssl pkey -in KEY -out PLAIN.pem");
            }
            body.append(line);
            if (body.length() > MAX_BLOCK_CHARS) {
                throw new PemException(source + ":" + beginLine + ": the block is longer than " + MAX_BLOCK_CHARS + " characters");
            }
        }
        if (label != null) {
            throw new PemException(source + ":" + beginLine + ": BEGIN " + label + " is never closed by END " + label);
        }
        return blocks;
    }

    private static String boundaryLabel(String line, String prefix, String source, int lineNo) throws PemException {
        if (!line.endsWith(DASHES) || line.length() < prefix.length() + DASHES.length()) {
            throw new PemException(source + ":" + lineNo + ": malformed boundary line, expected " + prefix + "<LABEL>" + DASHES);
        }
        return line.substring(prefix.length(), line.length() - DASHES.length());
    }

    private static byte[] decode(CharSequence body, String source, int line) throws PemException {
        try {
            return Base64.getDecoder().decode(body.toString());
        } catch (IllegalArgumentException e) {
            throw new PemException(source + ":" + line + ": the block is not valid base64: " + e.getMessage());
        }
    }

    /** Every {@code CERTIFICATE} block; at least one. */
    public static List<X509Certificate> certificates(String text, String source) throws PemException {
        List<X509Certificate> certs = new ArrayList<>();
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no X.509 support", e);
        }
        for (Block b : blocks(text, source)) {
            if (!b.label().equals("CERTIFICATE")) {
                continue;
            }
            try {
                certs.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b.der())));
            } catch (GeneralSecurityException | RuntimeException e) {
                throw new PemException(source + ":" + b.line() + ": not a valid certificate: " + e.getMessage());
            }
        }
        if (certs.isEmpty()) {
            throw new PemException(source + ":1: no -----BEGIN CERTIFICATE----- block");
        }
        return certs;
    }

    /** The one private key block. */
    public static PrivateKey privateKey(String text, String source) throws PemException {
        Block key = null;
        for (Block b : blocks(text, source)) {
            if (b.label().endsWith("PRIVATE KEY")) {
                if (key != null) {
                    throw new PemException(source + ":" + b.line() + ": a second private key (the first is at line " + key.line() + ")");
                }
                key = b;
            }
        }
        if (key == null) {
            throw new PemException(source + ":1: no -----BEGIN PRIVATE KEY----- block");
        }
        return switch (key.label()) {
            case "PRIVATE KEY" -> pkcs8(key.der(), source, key.line());
            case "RSA PRIVATE KEY" -> pkcs8(wrapPkcs1(key.der()), source, key.line());
            case "ENCRYPTED PRIVATE KEY" -> throw new PemException(source + ":" + key.line()
                    + ": the key is encrypted; decrypt it first, e.g. with openssl pkey -in KEY -out PLAIN.pem");
            default -> throw new PemException(source + ":" + key.line() + ": " + key.label()
                    + " is not supported; convert it to PKCS#8 with openssl pkcs8 -topk8 -nocrypt -in KEY -out PLAIN.pem");
        };
    }

    private static PrivateKey pkcs8(byte[] der, String source, int line) throws PemException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : new String[]{"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException | RuntimeException e) {
                // Not this algorithm; try the next.
            }
        }
        throw new PemException(source + ":" + line + ": not a valid RSA, EC or EdDSA private key");
    }

    /** A PKCS#1 RSAPrivateKey inside a PKCS#8 PrivateKeyInfo, which is what the JDK reads. */
    static byte[] wrapPkcs1(byte[] pkcs1) {
        ByteArrayOutputStream inner = new ByteArrayOutputStream(pkcs1.length + 32);
        inner.writeBytes(new byte[]{0x02, 0x01, 0x00});
        inner.writeBytes(RSA_ALGORITHM);
        inner.write(0x04);
        writeLength(inner, pkcs1.length);
        inner.writeBytes(pkcs1);
        ByteArrayOutputStream outer = new ByteArrayOutputStream(inner.size() + 6);
        outer.write(0x30);
        writeLength(outer, inner.size());
        outer.writeBytes(inner.toByteArray());
        return outer.toByteArray();
    }

    private static void writeLength(ByteArrayOutputStream out, int length) {
        if (length < 0x80) {
            out.write(length);
            return;
        }
        int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
        out.write(0x80 | bytes);
        for (int i = bytes - 1; i >= 0; i--) {
            out.write(length >>> (8 * i));
        }
    }
}
