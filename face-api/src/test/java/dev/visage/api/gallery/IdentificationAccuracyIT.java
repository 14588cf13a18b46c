package dev.visage.api.gallery;

import dev.visage.api.testing.DeepfaceIdentities;
import dev.visage.api.testing.GatewayReadiness;
import dev.visage.api.testing.Photos;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.visage.api.testing.Authorized.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 1:N on the labelled deepface photos: the people are enrolled with their first two photos, the rest of their
 * photos are identified, and four people who were never enrolled must come back as nobody.
 */
@QuarkusTest
class IdentificationAccuracyIT {

    private static final int STRANGERS = 4;

    @BeforeEach
    void gatewayIsReady() {
        GatewayReadiness.await();
    }

    @Test
    void enrolledPeopleAreFoundAtRankOneAndStrangersAreNobody() {
        String collection = "deepface-" + UUID.randomUUID().toString().substring(0, 8);
        List<List<String>> people = DeepfaceIdentities.load();
        assertTrue(people.size() >= 10, "identities from the labels: " + people.size());
        List<List<String>> enrolled = people.subList(0, people.size() - STRANGERS);
        List<List<String>> strangers = people.subList(people.size() - STRANGERS, people.size());

        Map<String, String> subjectOfPerson = new HashMap<>();
        List<String[]> probes = new ArrayList<>();
        for (List<String> photos : enrolled) {
            String subject = given().contentType(ContentType.JSON).body(Map.of("external_id", photos.get(0)))
                    .queryParam("collection", collection).post("/api/v1/subjects")
                    .then().statusCode(201).extract().path("data.id");
            subjectOfPerson.put(photos.get(0), subject);
            for (String photo : photos.subList(0, Math.min(2, photos.size() - 1))) {
                given().queryParam("collection", collection)
                        .multiPart("image", photo, Photos.shared(photo), "image/jpeg")
                        .post("/api/v1/subjects/" + subject + "/faces").then().statusCode(201);
            }
            for (String photo : photos.subList(Math.min(2, photos.size() - 1), photos.size())) {
                probes.add(new String[] {photo, subject});
            }
        }

        int correct = 0;
        for (String[] probe : probes) {
            List<String> found = identify(collection, probe[0]);
            if (!found.isEmpty() && found.get(0).equals(probe[1])) {
                correct++;
            }
        }
        int strangerPhotos = 0;
        int strangersMatched = 0;
        for (List<String> photos : strangers) {
            for (String photo : photos) {
                strangerPhotos++;
                if (!identify(collection, photo).isEmpty()) {
                    strangersMatched++;
                }
            }
        }
        double rank1 = (double) correct / probes.size();
        System.out.printf("identification: %d people enrolled, %d probes, rank-1 %.3f; %d stranger photos, %d matched%n",
                enrolled.size(), probes.size(), rank1, strangerPhotos, strangersMatched);
        // Measured 1:1 at the gallery threshold 0.45: FRR 2.1 %, FAR 0 % on these photos; allow two misses.
        assertTrue(rank1 >= 0.9, "rank-1 accuracy " + rank1);
        assertTrue(strangersMatched == 0, strangersMatched + " of " + strangerPhotos + " stranger photos matched");
    }

    private static List<String> identify(String collection, String photo) {
        JsonPath answer = given().queryParam("collection", collection)
                .multiPart("image", photo, Photos.shared(photo), "image/jpeg")
                .post("/api/v1/identify").then().statusCode(200).extract().jsonPath();
        return answer.getList("data.matches.subject_id");
    }
}
