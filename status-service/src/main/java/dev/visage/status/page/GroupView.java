package dev.visage.status.page;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.visage.status.model.StatusReport;

import java.util.List;

/** One document as the component shows it: its title, its own summary and its services in the document's order. */
@JsonPropertyOrder({"key", "title", "summary", "services"})
public record GroupView(String key, String title, PageSummary summary, List<ServiceView> services) {

    static GroupView of(String key, String title, StatusReport report) {
        return new GroupView(key, title, PageSummary.of(List.of(report)),
                report.services().entrySet().stream().map(e -> ServiceView.of(e.getKey(), e.getValue())).toList());
    }
}
