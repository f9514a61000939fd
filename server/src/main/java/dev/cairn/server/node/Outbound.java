package dev.cairn.server.node;

import dev.cairn.raft.Message;
import java.util.List;

/**
 * Where a {@link RaftNode} sends its messages: the peer transport. Called on the driver thread; must
 * not block (queue and return). Messages to unknown or unreachable peers are dropped; the
 * transport reports them back through {@link RaftNode#reportUnreachable}.
 */
@FunctionalInterface
public interface Outbound {
    void send(List<Message> messages);
}
