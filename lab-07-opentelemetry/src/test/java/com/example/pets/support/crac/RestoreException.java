package com.example.pets.support.crac;

/** org.crac finds the exceptions of a CRaC implementation by name, next to its Core. */
public class RestoreException extends Exception {}
