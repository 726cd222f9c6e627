package com.example.pets.support.crac;

import java.util.ArrayList;
import java.util.List;

/**
 * What Lambda's runtime is to org.crac (-Dorg.crac.Core.Compat=this package): the global context that resources
 * register with, and a checkpoint and restore that call their hooks, as SnapStart does.
 */
public final class Core {

    private static final List<Resource> RESOURCES = new ArrayList<>();

    private static final Context<Resource> GLOBAL = new Context<>() {
        @Override
        public void register(Resource resource) {
            RESOURCES.add(resource);
        }

        @Override
        public void beforeCheckpoint(Context<? extends Resource> context) throws Exception {
            for (var resource : RESOURCES.reversed()) {
                resource.beforeCheckpoint(this);
            }
        }

        @Override
        public void afterRestore(Context<? extends Resource> context) throws Exception {
            for (var resource : RESOURCES) {
                resource.afterRestore(this);
            }
        }
    };

    private Core() {}

    public static Context<Resource> getGlobalContext() {
        return GLOBAL;
    }

    public static void checkpointRestore() throws CheckpointException {
        try {
            GLOBAL.beforeCheckpoint(null);
            GLOBAL.afterRestore(null);
        } catch (Exception e) {
            var failed = new CheckpointException();
            failed.addSuppressed(e);
            throw failed;
        }
    }
}
