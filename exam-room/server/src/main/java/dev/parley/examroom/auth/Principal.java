package dev.parley.examroom.auth;

import dev.parley.examroom.domain.Role;

/**
 * Who is calling, as proven by a verified access token.
 *
 * @param userId the user
 * @param username the login name
 * @param displayName the shown name
 * @param role the role
 * @param expiresAt when the token expires (epoch milliseconds)
 */
public record Principal(String userId, String username, String displayName, Role role, long expiresAt) {

  public boolean is(Role r) {
    return role == r;
  }
}
