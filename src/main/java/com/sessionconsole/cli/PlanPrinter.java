package com.sessionconsole.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sessionconsole.fleet.ExplainPlan;

import java.io.PrintWriter;
import java.util.List;

/** {@code list --explain}: the plan of a running statement as the server's table, or as JSON. */
final class PlanPrinter {
    private PlanPrinter() {
    }

    static void printTable(PrintWriter out, String where, long sessionId, ExplainPlan plan) {
        if (!plan.hasPlan()) {
            out.println("No plan: " + plan.reason() + ".");
            return;
        }
        out.println("Plan of the statement session " + sessionId + " runs on " + where + ":");
        Table table = new Table(80, plan.columns().toArray(new String[0]));
        for (List<String> row : plan.rows()) {
            table.row(row.stream().map(cell -> cell == null ? "NULL" : cell).toArray());
        }
        table.print(out);
    }

    static void printJson(PrintWriter out, String instanceId, String shardId, long sessionId, ExplainPlan plan)
            throws Exception {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("instanceId", instanceId);
        root.put("shardId", shardId);
        root.put("sessionId", sessionId);
        root.put("noPlan", plan.reason());
        plan.columns().forEach(root.putArray("columns")::add);
        ArrayNode rows = root.putArray("rows");
        for (List<String> row : plan.rows()) {
            ArrayNode cells = rows.addArray();
            row.forEach(cells::add);
        }
        out.println(Json.MAPPER.writeValueAsString(root));
    }
}
