package com.example.pets.observability.tracing;

import com.example.pets.pets.Page;
import com.example.pets.pets.Pet;
import com.example.pets.pets.PetChanges;
import com.example.pets.pets.PetNotFoundException;
import com.example.pets.pets.PetRepository;
import com.example.pets.pets.VersionMismatchException;
import java.time.Instant;
import java.util.Optional;

/**
 * One subsegment per repository operation, wrapped around the real repository: the time an operation takes,
 * around the DynamoDB calls it makes. A missing or changed pet marks its subsegment as a client error, not a fault.
 */
public class TracedPetRepository implements PetRepository {

    private final PetRepository delegate;

    public TracedPetRepository(PetRepository delegate) {
        this.delegate = delegate;
    }

    @Override
    public void create(Pet pet) {
        Tracing.inSubsegment("## PetRepository.create", () -> delegate.create(pet), TracedPetRepository::isClientError);
    }

    @Override
    public Optional<Pet> find(String id) {
        return Tracing.inSubsegment(
                "## PetRepository.find",
                () -> {
                    var pet = delegate.find(id);
                    if (pet.isEmpty()) {
                        Tracing.current().ifPresent(subsegment -> subsegment.setError(true));
                    }
                    return pet;
                },
                TracedPetRepository::isClientError);
    }

    @Override
    public Page list(int limit, Optional<String> afterId) {
        return Tracing.inSubsegment(
                "## PetRepository.list", () -> delegate.list(limit, afterId), TracedPetRepository::isClientError);
    }

    @Override
    public Pet update(String id, PetChanges changes, Instant updatedAt, Optional<Long> expectedVersion) {
        return Tracing.inSubsegment(
                "## PetRepository.update",
                () -> delegate.update(id, changes, updatedAt, expectedVersion),
                TracedPetRepository::isClientError);
    }

    @Override
    public void delete(String id, Optional<Long> expectedVersion) {
        Tracing.inSubsegment(
                "## PetRepository.delete",
                () -> delegate.delete(id, expectedVersion),
                TracedPetRepository::isClientError);
    }

    private static boolean isClientError(RuntimeException e) {
        return e instanceof PetNotFoundException || e instanceof VersionMismatchException;
    }
}
