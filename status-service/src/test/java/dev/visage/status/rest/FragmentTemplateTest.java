package dev.visage.status.rest;

import dev.visage.status.page.StatusView;
import dev.visage.status.testing.Snapshots;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

/**
 * The fragment's template with the real Qute engine: what it shows of a snapshot, and that whatever a dependency
 * says (errors quote connection strings and answers) is escaped, never markup.
 */
@QuarkusTest
class FragmentTemplateTest {

    @Test
    void aDownServiceIsInTheBannerAndInItsGroupAmberWithItsSuggestion() {
        String html = render(StatusView.of(Snapshots.of(Snapshots.workers(true), Snapshots.redis(false))));

        assertThat(html, containsString("<link rel=\"stylesheet\" href=\"http://status:8082/status.css\">"));
        assertThat(html, containsString("<div class=\"vs\" data-overall=\"degraded\">"));
        assertThat(html, containsString("<span class=\"vs-dot\" data-state=\"warn\"></span>"));
        assertThat(html, containsString("<span class=\"vs-overall\">Degraded</span>"));
        assertThat(html, containsString("<span class=\"vs-count\">5/6 services healthy</span>"));
        assertThat(html, containsString("<div class=\"vs-banner\" role=\"alert\" data-level=\"warn\">"
                + "<strong>Some services are not fully operational; answers stay correct.</strong>"));
        assertThat(html, containsString("<li><b>Redis Cache</b>: Redis is not reachable at redis://127.0.0.1:6379/0"
                + " <span class=\"vs-suggestion\">Start Redis (deploy/local/redis.sh start).</span></li>"));
        assertThat(html, containsString("<section class=\"vs-group\" data-report=\"background\""
                + " data-overall=\"degraded\"><h3>Background services"
                + " <span class=\"vs-group-status\" data-state=\"warn\">Degraded</span>"
                + " <span class=\"vs-count\">3/4</span></h3>"));
        assertThat(html, containsString("<li class=\"vs-service\" data-service=\"redis\" data-state=\"warn\">"));
        assertThat(html,
                containsString("<div class=\"vs-error\">Redis is not reachable at redis://127.0.0.1:6379/0</div>"));
        assertThat(html, containsString("<span class=\"vs-summary\">42 vectors</span>"));
        assertThat(html, containsString("<time datetime=\"2026-11-28T20:03:44.958Z\">20:03:44 UTC</time>"));
    }

    @Test
    void whatADependencySaysIsEscaped() {
        String html = render(StatusView.of(Snapshots.of(Snapshots.workers(true),
                Snapshots.redisDown("<script>alert('x')</script> & \"more\"", "Run <b>redis</b>"))));

        assertThat(html, not(containsString("<script>")));
        assertThat(html, not(containsString("<b>redis</b>")));
        assertThat(html, containsString("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;"));
        assertThat(html, containsString("Run &lt;b&gt;redis&lt;/b&gt;"));
    }

    @Test
    void oneDocumentIsRenderedAlone() {
        String html = render(StatusView.of(Snapshots.of(Snapshots.workers(false), Snapshots.redis(true)),
                "face-verification"));

        assertThat(html, containsString("data-report=\"face_verification\""));
        assertThat(html, not(containsString("data-report=\"background\"")));
        assertThat(html, containsString("<div class=\"vs\" data-overall=\"unhealthy\">"));
        assertThat(html, containsString("<span class=\"vs-count\">2/3 services healthy</span>"));
        assertThat(html,
                containsString("data-level=\"down\"><strong>Face verification is not fully available.</strong>"));
    }

    private static String render(StatusView view) {
        return FragmentResource.Templates.fragment(view, "http://status:8082").render();
    }
}
