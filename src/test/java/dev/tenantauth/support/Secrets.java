package dev.tenantauth.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Secrets a test handled (passwords, tokens, private keys), to be searched for in captured logs. */
public final class Secrets {

    private final Set<String> values = ConcurrentHashMap.newKeySet();

    public void add(String... secrets) {
        for (String s : secrets) {
            if (s != null && s.length() >= 8) {
                values.add(s);
            }
        }
    }

    /** Every private key in the test database's signing_keys (the first 40 characters are enough). */
    public void addPrivateKeys() {
        // a retired key's private part may have been erased (V14): nothing left to look for
        for (String key : Db.strings("SELECT private_key FROM signing_keys WHERE private_key IS NOT NULL")) {
            values.add(key.substring(0, 40));
        }
    }

    public int size() {
        return values.size();
    }

    public void assertAbsentFrom(Collection<Path> logs) throws IOException {
        assertTrue(!values.isEmpty(), "no secrets were collected: the scan would prove nothing");
        assertTrue(!logs.isEmpty(), "no logs to scan");
        List<String> found = new ArrayList<>();
        for (Path log : logs) {
            String text = Files.readString(log);
            assertTrue(text.contains("tenant-auth"), log + " does not look like a service log");
            for (String s : values) {
                if (text.contains(s)) {
                    found.add(log.getFileName() + " contains a secret starting " + s.substring(0, 4));
                }
            }
        }
        assertTrue(found.isEmpty(), String.join("\n", found));
    }
}
