package com.example.pets.pets;

import java.time.Instant;
import java.util.Optional;

/**
 * Where pets live. Writes are conditional: an update or delete of a missing pet throws
 * {@link PetNotFoundException} instead of creating one, and a stale {@code expectedVersion} throws
 * {@link VersionMismatchException} instead of overwriting a newer change.
 */
public interface PetRepository {

    void create(Pet pet);

    Optional<Pet> find(String id);

    Page list(int limit, Optional<String> afterId);

    /** Applies the changes and returns the stored result, with its version increased by one. */
    Pet update(String id, PetChanges changes, Instant updatedAt, Optional<Long> expectedVersion);

    void delete(String id, Optional<Long> expectedVersion);
}
