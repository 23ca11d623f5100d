package dev.parley.examroom.domain;

/**
 * An account.
 *
 * @param id server-generated id
 * @param username the login name
 * @param displayName the name shown to others
 * @param role the role
 */
public record User(String id, String username, String displayName, Role role) {}
