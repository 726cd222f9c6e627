package com.example.pets.pets;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The rules for pets. It knows nothing about HTTP, so the same rules hold wherever the app runs. */
public class PetService {

    private static final Logger log = LoggerFactory.getLogger(PetService.class);

    private final PetRepository repository;
    private final Clock clock;

    public PetService(PetRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    public Pet create(NewPet newPet) {
        var now = now();
        var pet = new Pet(PetIds.next(), newPet.name().strip(), newPet.kind(), now, now, 1);
        repository.create(pet);
        log.atInfo()
                .setMessage("Pet created")
                .addKeyValue("pet_id", pet.id())
                .addKeyValue("pet_name", pet.name())
                .log();
        return pet;
    }

    public Pet get(String id) {
        return repository.find(id).orElseThrow(() -> new PetNotFoundException(id));
    }

    public Page list(int limit, Optional<String> afterId) {
        return repository.list(limit, afterId);
    }

    public Pet update(String id, PetChanges changes, Optional<Long> expectedVersion) {
        var stripped =
                new PetChanges(changes.name() == null ? null : changes.name().strip(), changes.kind());
        return repository.update(id, stripped, now(), expectedVersion);
    }

    public void delete(String id, Optional<Long> expectedVersion) {
        repository.delete(id, expectedVersion);
        log.atInfo().setMessage("Pet deleted").addKeyValue("pet_id", id).log();
    }

    /** Millisecond precision: what a client reads back equals what was stored. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
