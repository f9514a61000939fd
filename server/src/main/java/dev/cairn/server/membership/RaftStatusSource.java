package dev.cairn.server.membership;

/**
 * The current {@link RaftStatus}. Implemented by the raft node driver ({@code dev.cairn.server.node});
 * must be thread-safe and cheap (it is read on gRPC threads for every Status call and every
 * membership change), e.g. a volatile snapshot the driver refreshes after each Ready.
 */
@FunctionalInterface
public interface RaftStatusSource {
    RaftStatus status();
}
