/** sops4j kms module. */
package dev.sops4j.kms;
