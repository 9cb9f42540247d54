/**
 * The auth service: accounts with PBKDF2-hashed passwords, HS256 access tokens, rotating
 * refresh tokens, logout (a bounded deny-list of token ids) and token introspection for other
 * services. Registering creates the user's profile in the users service through its internal
 * route, so auth depends on users; it owns no other service's data.
 */
package dev.loadgen.demo.auth;
