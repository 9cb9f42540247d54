/**
 * The users service: public profiles, the follow graph and username search. Profiles are made
 * by auth at registration through the internal route {@code PUT /internal/users/{id}}; posts
 * reads {@code GET /users/{id}/following} to build feeds. It calls no other service and
 * verifies access tokens locally.
 */
package dev.loadgen.demo.users;
