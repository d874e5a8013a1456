/** sops4j cli module. */
package dev.sops4j.cli;
