package com.example.pets.local;

import com.example.pets.lambda.StreamLambdaHandler;
import com.example.pets.pets.Pet;
import com.example.pets.pets.PetKind;
import com.example.pets.system.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Feeds an API Gateway event file to the Lambda handler and prints the response, as {@code sam local invoke} would,
 * without Docker or an AWS account: {@code ./mvnw exec:java@invoke -Devent=events/get-pet.json}.
 *
 * <p>DynamoDB Local starts in memory with one pet, {@value #SAMPLE_PET_ID}, the id the event files use.
 */
public final class LocalInvoke {

    public static final String SAMPLE_PET_ID = "6f1c5e0a-7b2d-4c8e-9f3a-1b2c3d4e5f60";

    private LocalInvoke() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1 || args[0].isBlank()) {
            System.out.println("Usage: ./mvnw exec:java@invoke -Devent=events/<file>.json");
            System.exit(2);
        }
        var event = Path.of(args[0]);
        try (var pets = LocalPets.start(Optional.empty())) {
            pets.repository("pets").create(samplePet());
            var handler = new StreamLambdaHandler(pets.app("pets"));
            var response = new ByteArrayOutputStream();
            try (var input = Files.newInputStream(event)) {
                handler.handleRequest(input, response, new LocalLambdaContext());
            }
            var json = Json.mapper().readTree(response.toByteArray());
            System.out.println("Response to " + event.getFileName() + ":");
            System.out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json));
        }
        // DynamoDB Local and the SDK leave non-daemon threads behind; this is a one-shot command.
        System.exit(0);
    }

    public static Pet samplePet() {
        var created = Instant.parse("2026-01-15T09:30:00Z");
        return new Pet(SAMPLE_PET_ID, "Rex", PetKind.DOG, created, created, 1);
    }
}
