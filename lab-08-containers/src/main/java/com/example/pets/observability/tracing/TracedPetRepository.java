package com.example.pets.observability.tracing;

import com.example.pets.pets.Page;
import com.example.pets.pets.Pet;
import com.example.pets.pets.PetChanges;
import com.example.pets.pets.PetNotFoundException;
import com.example.pets.pets.PetRepository;
import com.example.pets.pets.VersionMismatchException;
import io.opentelemetry.api.trace.Span;
import java.time.Instant;
import java.util.Optional;

/**
 * One span per repository operation, wrapped around the real repository: the time an operation takes, around the
 * DynamoDB calls it makes. A missing or changed pet is the caller's mistake, not a failure: no error status.
 */
public class TracedPetRepository implements PetRepository {

    private final PetRepository delegate;

    public TracedPetRepository(PetRepository delegate) {
        this.delegate = delegate;
    }

    @Override
    public void create(Pet pet) {
        Tracing.inSpan("PetRepository.create", () -> delegate.create(pet), TracedPetRepository::isClientError);
    }

    @Override
    public Optional<Pet> find(String id) {
        return Tracing.inSpan(
                "PetRepository.find",
                () -> {
                    var pet = delegate.find(id);
                    Span.current().setAttribute("pet.found", pet.isPresent());
                    return pet;
                },
                TracedPetRepository::isClientError);
    }

    @Override
    public Page list(int limit, Optional<String> afterId) {
        return Tracing.inSpan(
                "PetRepository.list", () -> delegate.list(limit, afterId), TracedPetRepository::isClientError);
    }

    @Override
    public Pet update(String id, PetChanges changes, Instant updatedAt, Optional<Long> expectedVersion) {
        return Tracing.inSpan(
                "PetRepository.update",
                () -> delegate.update(id, changes, updatedAt, expectedVersion),
                TracedPetRepository::isClientError);
    }

    @Override
    public void delete(String id, Optional<Long> expectedVersion) {
        Tracing.inSpan(
                "PetRepository.delete", () -> delegate.delete(id, expectedVersion), TracedPetRepository::isClientError);
    }

    private static boolean isClientError(RuntimeException e) {
        return e instanceof PetNotFoundException || e instanceof VersionMismatchException;
    }
}
