package dev.cairn.raft.sim;

import dev.cairn.raft.Entry;
import dev.cairn.raft.Message;
import java.util.List;

/** Short texts for failure traces. Stateless. */
final class Describe {
    private Describe() {}

    static String message(Message m) {
        StringBuilder sb = new StringBuilder()
                .append(m.from())
                .append("->")
                .append(m.to())
                .append(' ')
                .append(m.type())
                .append(" term=")
                .append(m.term());
        if (m.logTerm() != 0 || m.index() != 0) {
            sb.append(" index=").append(m.index()).append(" logTerm=").append(m.logTerm());
        }
        if (!m.entries().isEmpty()) {
            sb.append(" entries=").append(entries(m.entries()));
        }
        if (m.commit() != 0) {
            sb.append(" commit=").append(m.commit());
        }
        if (m.reject()) {
            sb.append(" REJECT hint=").append(m.rejectHint());
        }
        if (!m.snapshot().isEmpty()) {
            sb.append(" snapshot=")
                    .append(m.snapshot().metadata().index())
                    .append('/')
                    .append(m.snapshot().metadata().term());
        }
        if (!m.context().isEmpty()) {
            sb.append(" ctx=").append(m.context().toStringUtf8());
        }
        return sb.toString();
    }

    static String entries(List<Entry> es) {
        if (es.isEmpty()) {
            return "[]";
        }
        Entry first = es.get(0);
        Entry last = es.get(es.size() - 1);
        return "[" + first.index() + "/" + first.term() + (es.size() > 1 ? ".." + last.index() + "/" + last.term() : "")
                + "]";
    }
}
