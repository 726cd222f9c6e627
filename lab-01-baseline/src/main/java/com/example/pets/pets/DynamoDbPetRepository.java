package com.example.pets.pets;

import static com.example.pets.storage.StorageErrors.translate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Pets in one DynamoDB table keyed by {@code id}. Every write carries a condition, so DynamoDB itself refuses to
 * update a deleted pet (no resurrection) or to overwrite a newer version (no lost update).
 */
public class DynamoDbPetRepository implements PetRepository {

    private static final String EXISTS = "attribute_exists(id)";
    private static final String EXISTS_AT_VERSION = "attribute_exists(id) AND version = :expected";

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public DynamoDbPetRepository(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    @Override
    public void create(Pet pet) {
        var item = toItem(pet);
        try {
            translate(() -> dynamoDb.putItem(put -> put.tableName(tableName)
                    .item(item)
                    .conditionExpression("attribute_not_exists(id)")
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
        } catch (ConditionalCheckFailedException e) {
            // Its answer was lost and the SDK sent it again: this very item means the first try stored the pet.
            if (!item.equals(e.item())) {
                throw e;
            }
        }
    }

    @Override
    public Optional<Pet> find(String id) {
        var response = translate(() ->
                dynamoDb.getItem(get -> get.tableName(tableName).key(key(id)).consistentRead(true)));
        return response.hasItem() && !response.item().isEmpty()
                ? Optional.of(fromItem(response.item()))
                : Optional.empty();
    }

    @Override
    public Page list(int limit, Optional<String> afterId) {
        var response = translate(() -> dynamoDb.scan(scan -> scan.tableName(tableName)
                .limit(limit)
                .exclusiveStartKey(afterId.map(DynamoDbPetRepository::key).orElse(null))));
        // No LastEvaluatedKey (an empty map, to the SDK): this was the last page.
        return new Page(
                response.items().stream().map(DynamoDbPetRepository::fromItem).toList(),
                Optional.ofNullable(response.lastEvaluatedKey().get("id")).map(AttributeValue::s));
    }

    @Override
    public Pet update(String id, PetChanges changes, Instant updatedAt, Optional<Long> expectedVersion) {
        var sets = new ArrayList<>(List.of("updated_at = :updated_at", "version = version + :one"));
        var values = new HashMap<String, AttributeValue>();
        values.put(":updated_at", s(updatedAt.toString()));
        values.put(":one", n(1));
        var names = new HashMap<String, String>();
        if (changes.name() != null) {
            sets.add("#name = :name");
            names.put("#name", "name");
            values.put(":name", s(changes.name()));
        }
        if (changes.kind() != null) {
            sets.add("kind = :kind");
            values.put(":kind", s(changes.kind().value()));
        }
        expectedVersion.ifPresent(version -> values.put(":expected", n(version)));
        try {
            var response = translate(() -> dynamoDb.updateItem(update -> update.tableName(tableName)
                    .key(key(id))
                    .updateExpression("SET " + String.join(", ", sets))
                    .conditionExpression(expectedVersion.isPresent() ? EXISTS_AT_VERSION : EXISTS)
                    .expressionAttributeNames(names.isEmpty() ? null : names)
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
            return fromItem(response.attributes());
        } catch (ConditionalCheckFailedException e) {
            if (expectedVersion.isPresent() && isOwnFirstTry(e.item(), expectedVersion.get() + 1, values)) {
                return fromItem(e.item()); // its answer was lost and the SDK sent it again: the first try landed
            }
            throw conditionFailed(id, e);
        }
    }

    /** The version after the one expected, with this update's time and changes: what its first try stored. */
    private static boolean isOwnFirstTry(
            Map<String, AttributeValue> item, long version, Map<String, AttributeValue> set) {
        return n(version).equals(item.get("version"))
                && Stream.of("updated_at", "name", "kind")
                        .allMatch(name -> !set.containsKey(":" + name)
                                || set.get(":" + name).equals(item.get(name)));
    }

    @Override
    public void delete(String id, Optional<Long> expectedVersion) {
        try {
            translate(() -> dynamoDb.deleteItem(delete -> delete.tableName(tableName)
                    .key(key(id))
                    .conditionExpression(expectedVersion.isPresent() ? EXISTS_AT_VERSION : EXISTS)
                    .expressionAttributeValues(
                            expectedVersion.map(v -> Map.of(":expected", n(v))).orElse(null))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
        } catch (ConditionalCheckFailedException e) {
            throw conditionFailed(id, e);
        }
    }

    /** DynamoDB hands back the item as it was when the condition failed: none means missing, else it moved on. */
    private static RuntimeException conditionFailed(String id, ConditionalCheckFailedException e) {
        return e.hasItem() && !e.item().isEmpty() ? new VersionMismatchException(id) : new PetNotFoundException(id);
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of("id", s(id));
    }

    private static Map<String, AttributeValue> toItem(Pet pet) {
        return Map.of(
                "id", s(pet.id()),
                "name", s(pet.name()),
                "kind", s(pet.kind().value()),
                "created_at", s(pet.createdAt().toString()),
                "updated_at", s(pet.updatedAt().toString()),
                "version", n(pet.version()));
    }

    private static Pet fromItem(Map<String, AttributeValue> item) {
        return new Pet(
                item.get("id").s(),
                item.get("name").s(),
                PetKind.fromValue(item.get("kind").s()),
                Instant.parse(item.get("created_at").s()),
                Instant.parse(item.get("updated_at").s()),
                Long.parseLong(item.get("version").n()));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
