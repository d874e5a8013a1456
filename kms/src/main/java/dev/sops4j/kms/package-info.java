/**
 * AWS KMS master keys for sops files: {@link dev.sops4j.kms.KmsKeySource} (the key source, built on AWS SDK v2 and
 * loaded lazily) and {@link dev.sops4j.kms.KmsArgs} (the {@code --kms} and {@code --encryption-context} forms).
 * User documentation: {@code docs/aws-kms.md}.
 */
package dev.sops4j.kms;
