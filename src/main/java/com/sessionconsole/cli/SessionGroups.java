package com.sessionconsole.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sessionconsole.fleet.Session;
import com.sessionconsole.killsession.rules.GroupBy;
import com.sessionconsole.killsession.rules.Groups;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** {@code list --group-by}: the sessions summed up by user, host, db, command or statement fingerprint. */
final class SessionGroups {

    private SessionGroups() {
    }

    static void print(PrintWriter out, GroupBy by, List<Session> sessions, boolean json) throws JsonProcessingException {
        List<Groups.Group> groups = Groups.of(sessions, by);
        if (json) {
            ArrayNode list = Json.MAPPER.createArrayNode();
            for (Groups.Group g : groups) {
                ObjectNode node = list.addObject();
                node.put(by.word(), g.key());
                node.put("sessions", g.count());
                node.put("running", g.running());
                node.put("totalTime", g.totalTime());
                node.put("longestTime", g.longest());
                node.put("shards", g.shards());
            }
            out.println(Json.MAPPER.writeValueAsString(list));
            return;
        }
        Table table = new Table(100, "SESSIONS", "RUNNING", "TOTAL_TIME", "LONGEST", "SHARDS",
                by.word().toUpperCase(Locale.ROOT));
        groups.forEach(g -> table.row(g.count(), g.running(), g.totalTime(), g.longest(), g.shards(), g.label()));
        table.print(out);
        out.printf("%d groups of %d sessions by %s%n", groups.size(), sessions.size(), by.word());
    }
}
