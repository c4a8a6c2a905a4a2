package dev.tproxy.model;

/** A policy-routing table: its number and the name given to it in rt_tables.d. */
public record RoutingTable(int id, String name) {}
