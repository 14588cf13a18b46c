package dev.visage.status.page;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.visage.status.model.StatusReport;
import dev.visage.status.model.StatusSnapshot;

import java.util.ArrayList;
import java.util.List;

/**
 * The status component's view of the two documents, computed here once: GET /status/fragment renders it with its
 * template, and status-widget.js renders the same view from the stream, so the page and the fragment cannot
 * disagree on a colour, a count or the banner. {@code summary} covers the groups shown; a component that shows
 * one document uses that group's own summary, which is the same thing.
 */
@JsonPropertyOrder({"summary", "groups"})
public record StatusView(PageSummary summary, List<GroupView> groups) {

    private static final String FACE_VERIFICATION = "face_verification";
    private static final String BACKGROUND = "background";

    /** Both documents. */
    public static StatusView of(StatusSnapshot snapshot) {
        return of(snapshot, null);
    }

    /**
     * {@code report} {@code face-verification} (or {@code face_verification}) or {@code background} for one
     * document; anything else, or null, for both.
     */
    public static StatusView of(StatusSnapshot snapshot, String report) {
        List<StatusReport> shown = new ArrayList<>(2);
        List<GroupView> groups = new ArrayList<>(2);
        if (!BACKGROUND.equals(report)) {
            shown.add(snapshot.faceVerification());
            groups.add(GroupView.of(FACE_VERIFICATION, "Face verification", snapshot.faceVerification()));
        }
        if (!"face-verification".equals(report) && !FACE_VERIFICATION.equals(report)) {
            shown.add(snapshot.background());
            groups.add(GroupView.of(BACKGROUND, "Background services", snapshot.background()));
        }
        return new StatusView(PageSummary.of(shown), List.copyOf(groups));
    }
}
