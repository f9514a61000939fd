package dev.cairn.raft;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * The raft state machine shared by every role: terms and votes, role transitions, ticks,
 * elections, the term rules of {@link #step}, appending, configuration changes and snapshot
 * restore (etcd's raft struct). The role-specific handling is in {@link LeaderStep}, {@link
 * FollowerStep} and {@link CandidateStep}; sending appends and heartbeats in {@link Replication}.
 * Not thread-safe: owned by the {@link RawNode}'s driver thread.
 */
final class Raft {
    /** The context of vote requests from a campaign that a leader transfer triggered. */
    static final ByteString CAMPAIGN_TRANSFER = ByteString.copyFromUtf8("CampaignTransfer");

    enum CampaignType {
        PRE_ELECTION,
        ELECTION,
        TRANSFER
    }

    final long id;
    long term;
    long vote;
    final List<ReadState> readStates = new ArrayList<>();
    final RaftLog raftLog;
    final long maxMsgSize;
    private final long maxUncommittedSize;
    ProgressTracker trk;
    StateType state = StateType.FOLLOWER;
    boolean isLearner;
    final List<Message> msgs = new ArrayList<>();
    long lead;
    long leadTransferee;
    /** Index of the last conf-change entry proposed by this leader (only one may be unapplied). */
    long pendingConfIndex;
    /** Payload bytes appended by this leader and not yet committed and applied. */
    long uncommittedSize;

    ReadOnly readOnly;
    /** ReadIndex requests waiting for this leader to commit an entry of its term. */
    final List<Message> pendingReadIndexMessages = new ArrayList<>();

    int electionElapsed;
    int heartbeatElapsed;
    final boolean checkQuorum;
    final boolean preVote;
    final int heartbeatTimeout;
    final int electionTimeout;
    int randomizedElectionTimeout;
    final boolean disableProposalForwarding;
    private final RandomGenerator random;

    Raft(Config c) {
        this.id = c.id();
        long applyLimit = c.maxCommittedSizePerReady() == 0 ? c.maxSizePerMsg() : c.maxCommittedSizePerReady();
        this.raftLog = new RaftLog(c.storage(), applyLimit);
        this.maxMsgSize = c.maxSizePerMsg();
        this.maxUncommittedSize = c.maxUncommittedEntriesSize() == 0 ? Long.MAX_VALUE : c.maxUncommittedEntriesSize();
        this.trk = new ProgressTracker(c.maxInflightMsgs());
        this.readOnly = new ReadOnly(c.readOnlyOption());
        this.checkQuorum = c.checkQuorum();
        this.preVote = c.preVote();
        this.heartbeatTimeout = c.heartbeatTick();
        this.electionTimeout = c.electionTick();
        this.disableProposalForwarding = c.disableProposalForwarding();
        this.random = c.random();
        InitialState is = c.storage().initialState();
        restoreConfig(is.confState());
        isLearner = trk.learners.contains(id);
        if (!is.hardState().isEmpty()) {
            loadState(is.hardState());
        }
        if (c.applied() > 0) {
            raftLog.appliedTo(c.applied());
        }
        becomeFollower(term, 0);
    }

    private void loadState(HardState hs) {
        if (hs.commit() < raftLog.committed || hs.commit() > raftLog.lastIndex()) {
            throw new IllegalStateException("state.commit " + hs.commit() + " is out of range [" + raftLog.committed
                    + ", " + raftLog.lastIndex() + "]");
        }
        raftLog.committed = hs.commit();
        term = hs.term();
        vote = hs.vote();
    }

    /** Rebuilds the tracker from a configuration (start, snapshot restore). */
    private void restoreConfig(ConfState cs) {
        trk = new ProgressTracker(trk.maxInflight);
        long next = raftLog.lastIndex() + 1;
        for (long v : cs.voters()) {
            trk.voters.add(v);
            trk.progress.put(v, new PeerProgress(0, next, trk.maxInflight, false));
        }
        for (long l : cs.learners()) {
            trk.learners.add(l);
            trk.progress.put(l, new PeerProgress(0, next, trk.maxInflight, true));
        }
    }

    SoftState softState() {
        return new SoftState(lead, state);
    }

    HardState hardState() {
        return new HardState(term, vote, raftLog.committed);
    }

    // ---- sending

    /**
     * Queues a message: sets {@code from} (unless already set, as for a forwarded leader transfer)
     * and the term (vote messages carry their own; forwarded proposals and reads carry 0).
     */
    void send(Message m) {
        Message.Builder b = m.toBuilder();
        if (m.from() == 0) {
            b.from(id);
        }
        switch (m.type()) {
            case VOTE, VOTE_RESP, PRE_VOTE, PRE_VOTE_RESP -> {
                if (m.term() == 0) {
                    throw new IllegalStateException("term should be set when sending " + m.type());
                }
            }
            case PROP, READ_INDEX -> b.term(0);
            default -> b.term(term);
        }
        msgs.add(b.build());
    }

    // ---- role transitions

    void becomeFollower(long newTerm, long newLead) {
        reset(newTerm);
        lead = newLead;
        state = StateType.FOLLOWER;
    }

    void becomeCandidate() {
        if (state == StateType.LEADER) {
            throw new IllegalStateException("invalid transition [leader -> candidate]");
        }
        reset(term + 1);
        vote = id;
        state = StateType.CANDIDATE;
    }

    void becomePreCandidate() {
        if (state == StateType.LEADER) {
            throw new IllegalStateException("invalid transition [leader -> pre-candidate]");
        }
        // Neither the term nor the vote change: a pre-candidate disturbs nobody.
        trk.resetVotes();
        lead = 0;
        state = StateType.PRE_CANDIDATE;
    }

    void becomeLeader() {
        if (state == StateType.FOLLOWER) {
            throw new IllegalStateException("invalid transition [follower -> leader]");
        }
        reset(term);
        lead = id;
        state = StateType.LEADER;
        PeerProgress self = trk.progress.get(id);
        if (self != null) {
            self.becomeReplicate();
            self.recentActive = true;
        }
        // Conservatively treat every uncommitted entry as possibly a conf change.
        pendingConfIndex = raftLog.lastIndex();
        if (!appendEntry(new ArrayList<>(List.of(Entry.normal(0, 0, ByteString.EMPTY))))) {
            throw new IllegalStateException("empty entry was dropped");
        }
    }

    private void reset(long newTerm) {
        if (term != newTerm) {
            term = newTerm;
            vote = 0;
        }
        lead = 0;
        electionElapsed = 0;
        heartbeatElapsed = 0;
        randomizedElectionTimeout = electionTimeout + random.nextInt(electionTimeout);
        abortLeaderTransfer();
        trk.resetVotes();
        long last = raftLog.lastIndex();
        for (var e : trk.progress.entrySet()) {
            PeerProgress pr = new PeerProgress(0, last + 1, trk.maxInflight, e.getValue().isLearner);
            if (e.getKey() == id) {
                pr.match = last;
            }
            e.setValue(pr);
        }
        pendingConfIndex = 0;
        uncommittedSize = 0;
        readOnly = new ReadOnly(readOnly.option);
        pendingReadIndexMessages.clear();
    }

    void abortLeaderTransfer() {
        leadTransferee = 0;
    }

    // ---- ticks

    void tick() {
        if (state == StateType.LEADER) {
            tickHeartbeat();
        } else {
            tickElection();
        }
    }

    private void tickElection() {
        electionElapsed++;
        if (promotable() && electionElapsed >= randomizedElectionTimeout) {
            electionElapsed = 0;
            step(local(MessageType.HUP));
        }
    }

    private void tickHeartbeat() {
        heartbeatElapsed++;
        electionElapsed++;
        if (electionElapsed >= electionTimeout) {
            electionElapsed = 0;
            if (checkQuorum) {
                step(local(MessageType.CHECK_QUORUM));
            }
            if (state == StateType.LEADER && leadTransferee != 0) {
                abortLeaderTransfer();
            }
        }
        if (state != StateType.LEADER) {
            return;
        }
        if (heartbeatElapsed >= heartbeatTimeout) {
            heartbeatElapsed = 0;
            step(local(MessageType.BEAT));
        }
    }

    Message local(MessageType type) {
        return Message.builder(type).from(id).build();
    }

    // ---- elections

    /** Whether this node may become leader: a voter, not waiting to install a snapshot. */
    boolean promotable() {
        PeerProgress pr = trk.progress.get(id);
        return pr != null && !pr.isLearner && !raftLog.hasPendingSnapshot();
    }

    void hup(CampaignType t) {
        if (state == StateType.LEADER || !promotable() || hasUnappliedConfChanges()) {
            return;
        }
        campaign(t);
    }

    private boolean hasUnappliedConfChanges() {
        if (raftLog.applied >= raftLog.committed) {
            return false;
        }
        for (Entry e : raftLog.allEntries(raftLog.applied + 1, raftLog.committed + 1)) {
            if (e.type() == EntryType.CONF_CHANGE) {
                return true;
            }
        }
        return false;
    }

    void campaign(CampaignType t) {
        if (!promotable()) {
            return;
        }
        long voteTerm;
        MessageType voteMsg;
        if (t == CampaignType.PRE_ELECTION) {
            becomePreCandidate();
            voteMsg = MessageType.PRE_VOTE;
            voteTerm = term + 1; // the term we would campaign in
        } else {
            becomeCandidate();
            voteMsg = MessageType.VOTE;
            voteTerm = term;
        }
        if (poll(id, true) == ProgressTracker.VoteResult.WON) {
            // A single-voter cluster wins at once.
            if (t == CampaignType.PRE_ELECTION) {
                campaign(CampaignType.ELECTION);
            } else {
                becomeLeader();
            }
            return;
        }
        ByteString ctx = t == CampaignType.TRANSFER ? CAMPAIGN_TRANSFER : ByteString.EMPTY;
        long lastIndex = raftLog.lastIndex();
        long lastTerm = raftLog.lastTerm();
        for (long voter : List.copyOf(trk.voters)) {
            if (voter == id) {
                continue;
            }
            send(Message.builder(voteMsg)
                    .to(voter)
                    .term(voteTerm)
                    .index(lastIndex)
                    .logTerm(lastTerm)
                    .context(ctx)
                    .build());
        }
    }

    ProgressTracker.VoteResult poll(long from, boolean granted) {
        trk.recordVote(from, granted);
        return trk.voteResult();
    }

    // ---- the common step

    /** Steps any message: term rules and votes here, the rest by role. */
    void step(Message m) {
        if (m.term() > term) {
            if (m.type() == MessageType.VOTE || m.type() == MessageType.PRE_VOTE) {
                boolean force = CAMPAIGN_TRANSFER.equals(m.context());
                boolean inLease = checkQuorum && lead != 0 && electionElapsed < electionTimeout;
                if (!force && inLease) {
                    // Heard from a current leader within the minimum election timeout: ignore
                    // (the Raft thesis, section 4.2.3).
                    return;
                }
            }
            if (m.type() == MessageType.PRE_VOTE) {
                // Never change our term in response to a pre-vote.
            } else if (m.type() == MessageType.PRE_VOTE_RESP && !m.reject()) {
                // A granted pre-vote carries the future term; we bump it when the election wins.
            } else if (m.type() == MessageType.APP
                    || m.type() == MessageType.HEARTBEAT
                    || m.type() == MessageType.SNAP) {
                becomeFollower(m.term(), m.from());
            } else {
                becomeFollower(m.term(), 0);
            }
        } else if (m.term() != 0 && m.term() < term) {
            if ((checkQuorum || preVote) && (m.type() == MessageType.HEARTBEAT || m.type() == MessageType.APP)) {
                // A stale leader (e.g. after a partition): tell it our term so it steps down; with
                // check-quorum or pre-vote it could otherwise never learn it.
                send(Message.builder(MessageType.APP_RESP).to(m.from()).build());
            } else if (m.type() == MessageType.PRE_VOTE) {
                send(Message.builder(MessageType.PRE_VOTE_RESP)
                        .to(m.from())
                        .term(term)
                        .reject(true)
                        .build());
            }
            return;
        }
        switch (m.type()) {
            case HUP -> hup(preVote ? CampaignType.PRE_ELECTION : CampaignType.ELECTION);
            case VOTE, PRE_VOTE -> handleVote(m);
            default -> {
                switch (state) {
                    case LEADER -> LeaderStep.step(this, m);
                    case CANDIDATE, PRE_CANDIDATE -> CandidateStep.step(this, m);
                    case FOLLOWER -> FollowerStep.step(this, m);
                }
            }
        }
    }

    private void handleVote(Message m) {
        MessageType resp = m.type() == MessageType.VOTE ? MessageType.VOTE_RESP : MessageType.PRE_VOTE_RESP;
        boolean canVote =
                vote == m.from() || (vote == 0 && lead == 0) || (m.type() == MessageType.PRE_VOTE && m.term() > term);
        if (canVote && raftLog.isUpToDate(m.index(), m.logTerm())) {
            send(Message.builder(resp).to(m.from()).term(m.term()).build());
            if (m.type() == MessageType.VOTE) {
                electionElapsed = 0;
                vote = m.from();
            }
        } else {
            send(Message.builder(resp).to(m.from()).term(term).reject(true).build());
        }
    }

    // ---- appending (leader)

    /** Appends entries at this leader's term; false if the uncommitted-size limit drops them. */
    boolean appendEntry(List<Entry> es) {
        long li = raftLog.lastIndex();
        List<Entry> numbered = new ArrayList<>(es.size());
        for (int i = 0; i < es.size(); i++) {
            Entry e = es.get(i);
            numbered.add(new Entry(term, li + 1 + i, e.type(), e.data()));
        }
        long s = Entries.payloadSize(numbered);
        if (uncommittedSize > 0 && s > 0 && uncommittedSize + s > maxUncommittedSize) {
            return false;
        }
        uncommittedSize += s;
        li = raftLog.append(numbered);
        PeerProgress self = trk.progress.get(id);
        if (self != null) {
            self.maybeUpdate(li);
        }
        maybeCommit();
        return true;
    }

    void reduceUncommittedSize(long s) {
        uncommittedSize = s > uncommittedSize ? 0 : uncommittedSize - s;
    }

    /** Commits what a quorum of voters holds, if it is of the current term. */
    boolean maybeCommit() {
        return raftLog.maybeCommit(trk.committed(), term);
    }

    boolean committedEntryInCurrentTerm() {
        return raftLog.zeroTermOnOutOfBounds(raftLog.committed) == term;
    }

    /** Answers a ReadIndex: a ReadState if local, else the response message to send (or null). */
    @Nullable
    Message responseToReadIndexReq(Message req, long readIndex) {
        if (req.from() == 0 || req.from() == id) {
            readStates.add(new ReadState(readIndex, req.context()));
            return null;
        }
        return Message.builder(MessageType.READ_INDEX_RESP)
                .to(req.from())
                .index(readIndex)
                .context(req.context())
                .build();
    }

    // ---- membership and snapshots

    /** Applies a committed single-step conf change to the tracker; returns the new config. */
    ConfState applyConfChange(ConfChange cc) {
        if (cc.nodeId() != 0) {
            Membership.apply(trk, cc, raftLog.lastIndex());
        }
        return switchToConfig();
    }

    private ConfState switchToConfig() {
        ConfState cs = trk.confState();
        PeerProgress self = trk.progress.get(id);
        isLearner = self != null && self.isLearner;
        if ((self == null || isLearner) && state == StateType.LEADER) {
            // Removed or demoted: stop leading; the remaining voters elect a new leader.
            becomeFollower(term, 0);
            return cs;
        }
        if (state != StateType.LEADER || cs.voters().isEmpty()) {
            return cs;
        }
        if (maybeCommit()) {
            Replication.bcastAppend(this);
        } else {
            for (long peer : trk.memberIds()) {
                if (peer != id) {
                    Replication.maybeSendAppend(this, peer, false);
                }
            }
        }
        if (leadTransferee != 0 && !trk.voters.contains(leadTransferee)) {
            abortLeaderTransfer();
        }
        return cs;
    }

    /**
     * Installs a snapshot from the leader if it is newer than the commit index and matches no
     * entry we hold; returns whether it was installed.
     */
    boolean restore(Snapshot s) {
        SnapshotMetadata md = s.metadata();
        if (md.index() <= raftLog.committed) {
            return false;
        }
        if (state != StateType.FOLLOWER) {
            // Defence in depth: only a follower (which stepped down for the sender) installs.
            becomeFollower(term + 1, 0);
            return false;
        }
        ConfState cs = md.confState();
        boolean found = cs.voters().contains(id) || cs.learners().contains(id);
        if (!found && !trk.progress.isEmpty()) {
            // A member never installs a configuration without itself; a joining node with no
            // configuration yet does.
            return false;
        }
        if (raftLog.matchTerm(md.index(), md.term())) {
            // We already hold the snapshot's last entry: fast-forward the commit index only.
            raftLog.commitTo(md.index());
            return false;
        }
        raftLog.restore(s);
        restoreConfig(cs);
        switchToConfig();
        return true;
    }
}
