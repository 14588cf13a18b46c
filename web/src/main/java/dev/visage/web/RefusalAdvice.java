package dev.visage.web;

/**
 * What a service tells a client whose request its HTTP layer refused (unknown path, wrong method, body too
 * large): each service knows where its own API is described. A service provides one bean of this type.
 */
public interface RefusalAdvice {

    /** The suggestion for a refusal with this HTTP status (4xx). */
    String suggestionFor(int status);
}
