package dev.loadgen.demo;

import static dev.loadgen.demo.support.Http.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loadgen.demo.support.Http;
import dev.loadgen.demo.support.Http.Resp;
import dev.loadgen.demo.support.TestDemo;
import dev.loadgen.demo.support.Users;
import dev.loadgen.demo.support.Users.User;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every posts row of DESIGN.md §5, success and each error status. */
class PostsContractTest {
    static RunningDemo demo;
    static URI posts;

    @BeforeAll
    static void start() throws Exception {
        demo = Demo.start(TestDemo.settings());
        posts = demo.postsUrl();
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    static JsonNode create(User u, String body) {
        Resp r = Http.post(posts, "/posts", obj("body", body), u.bearer());
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    @Test
    void create_answers_201_with_the_full_post() {
        User u = Users.create(demo, "pc");
        JsonNode p = create(u, "hello world");
        assertThat(p.get("id").isTextual()).isTrue();
        assertThat(p.get("authorId").asText()).isEqualTo(u.id());
        assertThat(p.get("body").asText()).isEqualTo("hello world");
        assertThat(Instant.parse(p.get("createdAt").asText())).isEqualTo(Instant.parse(p.get("updatedAt").asText()));
        assertThat(p.get("createdAt").asText()).endsWith("Z");
        assertThat(p.get("likes").asInt()).isZero();
        assertThat(p.get("comments").asInt()).isZero();
    }

    @Test
    void create_answers_400_for_bad_bodies_and_401_without_a_token() {
        User u = Users.create(demo, "pcb");
        assertThat(Http.post(posts, "/posts", obj("body", ""), u.bearer()).error()).startsWith("body:");
        assertThat(Http.post(posts, "/posts", obj("body", "   "), u.bearer()).status()).isEqualTo(400);
        assertThat(Http.post(posts, "/posts", obj("body", "x".repeat(5001)), u.bearer()).status()).isEqualTo(400);
        assertThat(Http.post(posts, "/posts", obj("body", "x".repeat(5000)), u.bearer()).status()).isEqualTo(201);
        assertThat(Http.post(posts, "/posts", obj("text", "x"), u.bearer()).status()).isEqualTo(400);
        assertThat(Http.post(posts, "/posts", "{bad json", u.bearer()).status()).isEqualTo(400);
        assertThat(Http.post(posts, "/posts", obj("body", "x")).status()).isEqualTo(401);
    }

    @Test
    void get_answers_the_post_or_404() {
        User u = Users.create(demo, "pg");
        JsonNode p = create(u, "read me");
        Resp r = Http.get(posts, "/posts/" + p.get("id").asText());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json()).isEqualTo(p);
        assertThat(r.header("content-type")).startsWith("application/json");
        assertThat(Http.get(posts, "/posts/p-nope").status()).isEqualTo(404);
    }

    @Test
    void put_edits_for_the_author_only() {
        User author = Users.create(demo, "pe");
        User other = Users.create(demo, "po");
        String id = create(author, "v1").get("id").asText();
        Resp ok = Http.put(posts, "/posts/" + id, obj("body", "v2"), author.bearer());
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().get("body").asText()).isEqualTo("v2");
        assertThat(Instant.parse(ok.json().get("updatedAt").asText()))
                .isAfterOrEqualTo(Instant.parse(ok.json().get("createdAt").asText()));
        assertThat(Http.put(posts, "/posts/" + id, obj("body", ""), author.bearer()).status()).isEqualTo(400);
        assertThat(Http.put(posts, "/posts/" + id, obj("body", "x")).status()).isEqualTo(401);
        assertThat(Http.put(posts, "/posts/" + id, obj("body", "x"), other.bearer()).status()).isEqualTo(403);
        assertThat(Http.put(posts, "/posts/p-nope", obj("body", "x"), author.bearer()).status()).isEqualTo(404);
        assertThat(Http.get(posts, "/posts/" + id).json().get("body").asText()).isEqualTo("v2");
    }

    @Test
    void delete_is_for_the_author_only_and_then_the_post_is_gone() {
        User author = Users.create(demo, "pd");
        User other = Users.create(demo, "pdo");
        String id = create(author, "bye").get("id").asText();
        assertThat(Http.delete(posts, "/posts/" + id).status()).isEqualTo(401);
        assertThat(Http.delete(posts, "/posts/" + id, other.bearer()).status()).isEqualTo(403);
        assertThat(Http.delete(posts, "/posts/" + id, author.bearer()).status()).isEqualTo(204);
        assertThat(Http.get(posts, "/posts/" + id).status()).isEqualTo(404);
        assertThat(Http.delete(posts, "/posts/" + id, author.bearer()).status()).isEqualTo(404);
    }

    @Test
    void list_by_author_pages_newest_first_with_an_opaque_cursor() {
        User u = Users.create(demo, "pl");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(create(u, "post " + i).get("id").asText());
        }
        JsonNode first = Http.get(posts, "/posts?author=" + u.id() + "&limit=2").json();
        assertThat(first.get("items").size()).isEqualTo(2);
        assertThat(first.get("items").get(0).get("id").asText()).isEqualTo(ids.get(4));
        assertThat(first.get("items").get(1).get("id").asText()).isEqualTo(ids.get(3));
        String cursor = first.get("nextCursor").asText();
        JsonNode second = Http.get(posts, "/posts?author=" + u.id() + "&limit=2&cursor=" + cursor).json();
        assertThat(second.get("items").get(0).get("id").asText()).isEqualTo(ids.get(2));
        JsonNode third = Http.get(posts, "/posts?author=" + u.id() + "&limit=2&cursor="
                + second.get("nextCursor").asText()).json();
        assertThat(third.get("items").size()).isEqualTo(1);
        assertThat(third.get("items").get(0).get("id").asText()).isEqualTo(ids.get(0));
        assertThat(third.get("nextCursor").isNull()).isTrue();
        JsonNode none = Http.get(posts, "/posts?author=u-nobody").json();
        assertThat(none.get("items").size()).isZero();
    }

    @Test
    void list_answers_400_for_a_bad_limit_or_cursor() {
        assertThat(Http.get(posts, "/posts?limit=0").status()).isEqualTo(400);
        assertThat(Http.get(posts, "/posts?limit=101").status()).isEqualTo(400);
        Resp cursor = Http.get(posts, "/posts?cursor=not-a-cursor");
        assertThat(cursor.status()).isEqualTo(400);
        assertThat(cursor.error()).startsWith("cursor:");
    }

    @Test
    void feed_merges_own_posts_and_followed_authors_newest_first() {
        User me = Users.create(demo, "fme");
        User followed = Users.create(demo, "ffo");
        User stranger = Users.create(demo, "fst");
        Http.post(demo.usersUrl(), "/users/" + followed.id() + "/follow", null, me.bearer());
        String a = create(followed, "a").get("id").asText();
        create(stranger, "not for me");
        String b = create(me, "b").get("id").asText();
        String c = create(followed, "c").get("id").asText();
        Resp r = Http.get(posts, "/feed", me.bearer());
        assertThat(r.status()).isEqualTo(200);
        List<String> got = new ArrayList<>();
        r.json().get("items").forEach(p -> got.add(p.get("id").asText()));
        assertThat(got).containsExactly(c, b, a);
        JsonNode page = Http.get(posts, "/feed?limit=2", me.bearer()).json();
        assertThat(page.get("items").size()).isEqualTo(2);
        JsonNode rest = Http.get(posts, "/feed?limit=2&cursor=" + page.get("nextCursor").asText(), me.bearer()).json();
        assertThat(rest.get("items").get(0).get("id").asText()).isEqualTo(a);
        assertThat(rest.get("nextCursor").isNull()).isTrue();
    }

    @Test
    void feed_needs_a_token() {
        assertThat(Http.get(posts, "/feed").status()).isEqualTo(401);
    }

    @Test
    void likes_are_per_user_and_404_for_unknown_posts() {
        User author = Users.create(demo, "lk");
        User fan = Users.create(demo, "lf");
        String id = create(author, "like me").get("id").asText();
        assertThat(Http.post(posts, "/posts/" + id + "/likes", null, fan.bearer()).status()).isEqualTo(204);
        assertThat(Http.post(posts, "/posts/" + id + "/likes", null, fan.bearer()).status()).isEqualTo(204);
        assertThat(Http.post(posts, "/posts/" + id + "/likes", null, author.bearer()).status()).isEqualTo(204);
        assertThat(Http.get(posts, "/posts/" + id).json().get("likes").asInt()).isEqualTo(2);
        assertThat(Http.post(posts, "/posts/" + id + "/likes", null).status()).isEqualTo(401);
        assertThat(Http.post(posts, "/posts/p-nope/likes", null, fan.bearer()).status()).isEqualTo(404);
    }

    @Test
    void comments_are_created_listed_oldest_first_and_counted() {
        User author = Users.create(demo, "cm");
        User other = Users.create(demo, "co");
        String id = create(author, "discuss").get("id").asText();
        Resp c1 = Http.post(posts, "/posts/" + id + "/comments", obj("body", "first"), other.bearer());
        assertThat(c1.status()).isEqualTo(201);
        assertThat(c1.json().get("postId").asText()).isEqualTo(id);
        assertThat(c1.json().get("authorId").asText()).isEqualTo(other.id());
        assertThat(c1.json().get("body").asText()).isEqualTo("first");
        assertThat(c1.json().get("id").isTextual()).isTrue();
        assertThat(Instant.parse(c1.json().get("createdAt").asText())).isNotNull();
        Http.post(posts, "/posts/" + id + "/comments", obj("body", "second"), author.bearer());
        JsonNode list = Http.get(posts, "/posts/" + id + "/comments").json();
        assertThat(list.size()).isEqualTo(2);
        assertThat(list.get(0).get("body").asText()).isEqualTo("first");
        assertThat(list.get(1).get("body").asText()).isEqualTo("second");
        assertThat(Http.get(posts, "/posts/" + id).json().get("comments").asInt()).isEqualTo(2);
    }

    @Test
    void comment_errors_are_400_401_and_404() {
        User u = Users.create(demo, "ce");
        String id = create(u, "x").get("id").asText();
        assertThat(Http.post(posts, "/posts/" + id + "/comments", obj("body", "y".repeat(1001)), u.bearer()).status())
                .isEqualTo(400);
        assertThat(Http.post(posts, "/posts/" + id + "/comments", obj("body", ""), u.bearer()).status()).isEqualTo(400);
        assertThat(Http.post(posts, "/posts/" + id + "/comments", obj("body", "y")).status()).isEqualTo(401);
        assertThat(Http.post(posts, "/posts/p-nope/comments", obj("body", "y"), u.bearer()).status()).isEqualTo(404);
        assertThat(Http.get(posts, "/posts/p-nope/comments").status()).isEqualTo(404);
    }
}
