/** sops4j nexus module. */
package dev.sops4j.nexus;
