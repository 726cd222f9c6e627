package com.example.pets.support.crac;

/** Stand-in for the CRaC API that Lambda's runtime gives org.crac (see Core). */
public interface Resource {
    void beforeCheckpoint(Context<? extends Resource> context) throws Exception;

    void afterRestore(Context<? extends Resource> context) throws Exception;
}
