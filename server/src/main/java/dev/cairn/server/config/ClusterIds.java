package dev.cairn.server.config;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Member and cluster IDs derived as etcd derives them at bootstrap, so a Cairn member started with
 * etcd's flags reports the same IDs etcd would. Stateless.
 *
 * <ul>
 *   <li>member ID: the first 8 bytes, big-endian, of SHA-1 over the member's peer URLs sorted as
 *       strings and concatenated, followed by the cluster token (UTF-8, no separators);
 *   <li>cluster ID: the first 8 bytes, big-endian, of SHA-1 over the member IDs sorted as unsigned
 *       numbers, each written as 8 big-endian bytes.
 * </ul>
 */
public final class ClusterIds {
    private ClusterIds() {}

    /** The member ID of a member with {@code peerUrls} in a cluster bootstrapped with {@code token}. */
    public static long memberId(Collection<String> peerUrls, String token) {
        List<String> sorted = new ArrayList<>(peerUrls);
        sorted.sort(null);
        StringBuilder input = new StringBuilder();
        sorted.forEach(input::append);
        input.append(token);
        return first8(sha1(input.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** The cluster ID of a cluster whose members have {@code memberIds}. */
    public static long clusterId(Collection<Long> memberIds) {
        List<Long> sorted = new ArrayList<>(memberIds);
        sorted.sort(Long::compareUnsigned);
        ByteBuffer buf = ByteBuffer.allocate(8 * sorted.size());
        sorted.forEach(buf::putLong);
        return first8(sha1(buf.array()));
    }

    /** An ID as etcd prints it: lower-case hex without leading zeros. */
    public static String hex(long id) {
        return Long.toHexString(id);
    }

    private static long first8(byte[] hash) {
        return ByteBuffer.wrap(hash, 0, 8).getLong();
    }

    private static byte[] sha1(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-1", e);
        }
    }
}
