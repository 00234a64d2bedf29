package io.sluice.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The TCP sockets a process listens on, read from Linux's {@code /proc}: its socket inodes from
 * {@code /proc/PID/fd}, their local addresses from {@code /proc/net/tcp} and {@code tcp6}.
 */
final class ListeningSockets {
    private static final String LISTEN = "0A";

    private ListeningSockets() {}

    /** Each listening socket as {@code address:port}, addresses in /proc's hex form. */
    static List<String> of(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor went away while listing
                }
            }
        }
        List<String> listening = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f[3].equals(LISTEN) && inodes.contains(f[9])) {
                    listening.add(f[1]);
                }
            }
        }
        return listening;
    }

    /** True for a wildcard address, IPv4 {@code 0.0.0.0} or IPv6 {@code ::}. */
    static boolean isWildcard(String hexAddressAndPort) {
        String address = hexAddressAndPort.substring(0, hexAddressAndPort.indexOf(':'));
        return address.chars().allMatch(c -> c == '0');
    }
}
