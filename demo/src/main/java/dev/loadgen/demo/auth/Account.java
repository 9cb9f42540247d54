package dev.loadgen.demo.auth;

/** A registered user as auth knows it. The email is kept only to show it was asked for. */
record Account(String id, String username, String email, Passwords.Hash password) {}
