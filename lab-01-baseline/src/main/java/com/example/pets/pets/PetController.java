package com.example.pets.pets;

import com.example.pets.system.BasePath;
import com.example.pets.system.JsonBodies;
import com.example.pets.system.NoContent;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpStatus;
import java.util.regex.Pattern;

/** HTTP in and out for {@code /pets}: reads and checks the request, calls the service, writes the response. */
public class PetController {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    /** ASCII digits only: Integer.valueOf also reads "+5" and other scripts' digits, such as a full-width "１". */
    private static final Pattern LIMIT_DIGITS = Pattern.compile("[0-9]{1,3}");

    private static final String KINDS = String.join(", ", PetKind.allValues());

    private final PetService service;

    public PetController(PetService service) {
        this.service = service;
    }

    public void list(Context ctx) {
        int limit = Integer.parseInt(ctx.queryParamAsClass("limit", String.class)
                .check(
                        l -> l == null
                                ? !sent(ctx, "limit")
                                : LIMIT_DIGITS.matcher(l).matches() && isValidLimit(Integer.parseInt(l)),
                        "limit must be a whole number from 1 to " + MAX_LIMIT)
                .getOrDefault(Integer.toString(DEFAULT_LIMIT)));
        var afterId = PageToken.decode(nextToken(ctx));
        var page = service.list(limit, afterId);
        ctx.json(new PetList(page.items(), page.lastId().map(PageToken::encode).orElse(null)));
    }

    public void create(Context ctx) {
        JsonBodies.requireJson(ctx);
        var newPet = ctx.bodyValidator(NewPet.class)
                .check("name", p -> p.name() != null, "name is required")
                .check("name", p -> p.name() == null || PetNames.isValid(p.name()), PetNames.rule())
                .check("kind", p -> p.kind() != null, "kind is required, one of: " + KINDS)
                .get();
        var pet = service.create(newPet);
        ctx.status(HttpStatus.CREATED)
                .header(Header.LOCATION, BasePath.of(ctx) + "/pets/" + pet.id())
                .header(Header.ETAG, pet.etag())
                .json(pet);
    }

    public void get(Context ctx) {
        var pet = service.get(id(ctx));
        ctx.header(Header.ETAG, pet.etag());
        // Set here, not by Javalin as it writes the answer, so that what runs after the handler sees the 304 too.
        if (IfMatch.noneMatchNames(ctx.header(Header.IF_NONE_MATCH), pet.etag())) {
            NoContent.send(ctx, HttpStatus.NOT_MODIFIED);
        } else {
            ctx.json(pet);
        }
    }

    public void update(Context ctx) {
        var id = id(ctx);
        JsonBodies.requireJson(ctx);
        var changes = ctx.bodyValidator(PetChanges.class)
                .check(c -> !c.isEmpty(), "send at least one of the fields name, kind")
                .check("name", c -> c.name() == null || PetNames.isValid(c.name()), PetNames.rule())
                .get();
        var pet = service.update(id, changes, IfMatch.expectedVersion(ctx.header(Header.IF_MATCH)));
        ctx.header(Header.ETAG, pet.etag()).json(pet);
    }

    public void delete(Context ctx) {
        service.delete(id(ctx), IfMatch.expectedVersion(ctx.header(Header.IF_MATCH)));
        NoContent.send(ctx, HttpStatus.NO_CONTENT);
    }

    /** The {@code next_token} parameter; sent but empty or unreadable, it is refused, not read as the first page. */
    private static String nextToken(Context ctx) {
        var token = ctx.queryParam("next_token");
        if (sent(ctx, "next_token") && (token == null || token.isEmpty())) {
            throw new PageToken.InvalidPageTokenException();
        }
        return token;
    }

    /** Sent, also if Jetty dropped it for a broken %-escape (both doors agree: API Gateway passes the value on). */
    private static boolean sent(Context ctx, String name) {
        var query = "&" + ctx.queryString() + "&"; // no regex compiled per request
        return query.contains("&" + name + "&") || query.contains("&" + name + "=");
    }

    private static String id(Context ctx) {
        return ctx.pathParamAsClass("id", String.class)
                .check(PetIds::isValid, "id must be a pet id, a UUID like 3f2b6a0e-5c1d-4e8f-9a7b-1c2d3e4f5a6b")
                .get();
    }

    private static boolean isValidLimit(int limit) {
        return limit >= 1 && limit <= MAX_LIMIT;
    }
}
