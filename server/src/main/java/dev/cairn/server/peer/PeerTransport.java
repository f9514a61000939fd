package dev.cairn.server.peer;

import dev.cairn.proto.raftpb.MembersRequest;
import dev.cairn.proto.raftpb.MembersResponse;
import dev.cairn.proto.raftpb.RaftPeerGrpc;
import dev.cairn.raft.Message;
import dev.cairn.raft.MessageType;
import dev.cairn.server.config.EtcdUrl;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends raft messages to the other members.
 *
 * <p>{@link #send} never blocks: each message goes to its destination's bounded queue and is
 * written, batched, on that peer's long-lived {@code Stream} call ({@link PeerLink}); a message that
 * cannot be queued (queue full, peer unknown or its connection down) is dropped and the peer is
 * reported through {@link PeerReports#reportUnreachable}. {@code SNAP} messages are sent on {@code
 * SendSnapshot} instead, their data read from the {@link SnapshotSource}, and the outcome reported
 * through {@link PeerReports#reportSnapshot}. Raft tolerates lost messages; nothing is retried here.
 *
 * <p>Thread-safe. Owns one scheduler thread ({@code cairn-peer-transport}: every link's call state,
 * reconnect timers) and a thread per snapshot in flight ({@code cairn-peer-snapshot-N}).
 */
public final class PeerTransport implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PeerTransport.class);

    /**
     * Tuning of the outbound side.
     *
     * @param queueCapacity messages queued per peer before new ones are dropped (etcd: 4096)
     * @param maxBatchBytes a batch is closed once its messages reach this size
     * @param minBackoff first delay before reconnecting after a failure
     * @param maxBackoff the doubling delay stops growing here
     * @param snapshotTimeout bound on one snapshot transfer
     */
    public record Settings(
            int queueCapacity, int maxBatchBytes, Duration minBackoff, Duration maxBackoff, Duration snapshotTimeout) {
        /** 4096 messages, 4 MiB batches, 100 ms to 5 s backoff, 30 minutes per snapshot. */
        public static final Settings DEFAULT =
                new Settings(4096, 4 << 20, Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofMinutes(30));

        public Settings {
            if (queueCapacity <= 0 || maxBatchBytes <= 0) {
                throw new IllegalArgumentException("queueCapacity and maxBatchBytes must be positive");
            }
            if (minBackoff.isNegative() || minBackoff.isZero() || maxBackoff.compareTo(minBackoff) < 0) {
                throw new IllegalArgumentException("need 0 < minBackoff <= maxBackoff");
            }
            if (snapshotTimeout.isNegative() || snapshotTimeout.isZero()) {
                throw new IllegalArgumentException("snapshotTimeout must be positive");
            }
        }
    }

    private final PeerChannels channels;
    private final PeerReports reports;
    private final Settings settings;
    private final SnapshotSender snapshots;
    private final ScheduledExecutorService exec;
    private final ExecutorService snapshotThreads;
    private final Map<Long, PeerLink> links = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private final InstantSource clock;

    /** A transport with {@link Settings#DEFAULT}. */
    public PeerTransport(PeerSecurity security, SnapshotSource snapshots, PeerReports reports) {
        this(security, snapshots, reports, Settings.DEFAULT);
    }

    public PeerTransport(PeerSecurity security, SnapshotSource snapshots, PeerReports reports, Settings settings) {
        this(security, snapshots, reports, settings, InstantSource.system());
    }

    /**
     * @param clock stamps when each peer's stream opened ({@link #activeSince})
     */
    public PeerTransport(
            PeerSecurity security,
            SnapshotSource snapshots,
            PeerReports reports,
            Settings settings,
            InstantSource clock) {
        this.clock = clock;
        this.channels = new PeerChannels(security);
        this.reports = Objects.requireNonNull(reports, "reports");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.snapshots = new SnapshotSender(channels, snapshots, settings);
        this.exec = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cairn-peer-transport");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger n = new AtomicInteger();
        this.snapshotThreads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "cairn-peer-snapshot-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts connecting to a peer. Adding a known peer updates its URLs.
     *
     * @param urls the peer's {@code http://} or {@code https://host:port} URLs; the first is used
     *     until it fails
     * @throws IllegalArgumentException if a URL is malformed or the list is empty
     */
    public void addPeer(long id, List<String> urls) {
        List<EtcdUrl> parsed = PeerChannels.parse(urls);
        if (closed) {
            throw new IllegalStateException("transport closed");
        }
        PeerLink fresh = new PeerLink(id, parsed, exec, channels, reports, settings, clock);
        PeerLink existing = links.putIfAbsent(id, fresh);
        if (existing != null) {
            existing.updateUrls(parsed);
        } else {
            fresh.start();
        }
    }

    /**
     * Points a known peer at new URLs (its call is restarted); an unknown peer is added.
     *
     * @throws IllegalArgumentException if a URL is malformed or the list is empty
     */
    public void updatePeer(long id, List<String> urls) {
        addPeer(id, urls);
    }

    /** Stops sending to a peer; its queued messages are dropped. Unknown ids are ignored. */
    public void removePeer(long id) {
        PeerLink link = links.remove(id);
        if (link != null) {
            link.close();
        }
    }

    /** The peers whose stream is open, each with the time it opened (etcd's ActiveSince). */
    public Map<Long, Instant> activeSince() {
        Map<Long, Instant> out = new java.util.TreeMap<>();
        links.forEach((id, link) -> {
            Instant since = link.upSince();
            if (since != null) {
                out.put(id, since);
            }
        });
        return out;
    }

    /** The ids of the peers messages can be sent to. */
    public Set<Long> peers() {
        return Set.copyOf(links.keySet());
    }

    /**
     * Queues {@code messages} for their destinations ({@code to}), in order per destination. Never
     * blocks; drops are reported (once per peer and call) through {@link
     * PeerReports#reportUnreachable}, failed snapshots through {@link PeerReports#reportSnapshot}.
     */
    public void send(List<Message> messages) {
        Set<Long> unreachable = new LinkedHashSet<>();
        for (Message m : messages) {
            PeerLink link = links.get(m.to());
            if (link == null) {
                log.debug("dropping {} to unknown peer {}", m.type(), Long.toHexString(m.to()));
                if (m.type() == MessageType.SNAP) {
                    reports.reportSnapshot(m.to(), false);
                }
                unreachable.add(m.to());
            } else if (m.type() == MessageType.SNAP) {
                sendSnapshot(link, m);
            } else if (!link.offer(m)) {
                unreachable.add(m.to());
            }
        }
        unreachable.forEach(reports::reportUnreachable);
    }

    private void sendSnapshot(PeerLink link, Message m) {
        EtcdUrl url = link.currentUrl();
        try {
            snapshotThreads.execute(() -> reports.reportSnapshot(m.to(), snapshots.run(url, m)));
        } catch (RejectedExecutionException e) {
            reports.reportSnapshot(m.to(), false);
        }
    }

    /**
     * Stops every link and snapshot transfer (bounded wait). Messages still queued are dropped;
     * snapshots cut short are not reported.
     */
    @Override
    public void close() {
        closed = true;
        for (Long id : new ArrayList<>(links.keySet())) {
            removePeer(id);
        }
        exec.shutdown();
        snapshotThreads.shutdownNow();
        try {
            if (!exec.awaitTermination(10, TimeUnit.SECONDS)
                    || !snapshotThreads.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("peer transport threads did not stop within 10s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Asks the members at {@code urls}, in order, for the cluster's member list; the first answer
     * wins. Used by a member joining an existing cluster ({@code --initial-cluster-state=existing}).
     *
     * @param timeout bound on each attempt
     * @throws IOException if no URL answered (the message lists each failure)
     * @throws IllegalArgumentException if a URL is malformed or the list is empty
     */
    public static MembersResponse fetchMembers(List<String> urls, PeerSecurity security, Duration timeout)
            throws IOException {
        PeerChannels channels = new PeerChannels(security);
        List<String> failures = new ArrayList<>();
        for (EtcdUrl url : PeerChannels.parse(urls)) {
            ManagedChannel channel = null;
            try {
                channel = channels.open(url);
                return RaftPeerGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS)
                        .members(MembersRequest.getDefaultInstance());
            } catch (IOException | StatusRuntimeException e) {
                failures.add(url + ": " + e.getMessage());
            } finally {
                if (channel != null) {
                    channel.shutdownNow();
                }
            }
        }
        throw new IOException("could not get the member list from any of " + urls + ": " + String.join("; ", failures));
    }
}
