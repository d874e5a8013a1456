package dev.sops4j.keys.azurekv;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.util.Configuration;
import com.azure.core.util.ConfigurationBuilder;
import com.azure.core.util.ConfigurationSource;
import com.azure.identity.DefaultAzureCredentialBuilder;
import dev.sops4j.core.env.Environment;
import java.util.Map;

/**
 * Azure's credential chain as sops uses it ({@code DefaultAzureCredential}: environment service principal,
 * workload identity, managed identity, Azure CLI, ...), reading the variables of the given {@link Environment}.
 * Only this class and {@link JdkAzureHttpClient} touch azure-identity / azure-core.
 */
final class IdentityTokens implements AzureTokens {
    private final TokenCredential credential;

    private IdentityTokens(TokenCredential credential) {
        this.credential = credential;
    }

    static AzureTokens from(Environment env) {
        ConfigurationSource none = path -> Map.of();
        ConfigurationSource vars = path -> path == null ? env.variables() : Map.of();
        try {
            Configuration config = new ConfigurationBuilder(none, none, vars).build();
            return new IdentityTokens(new DefaultAzureCredentialBuilder().configuration(config)
                    .httpClient(new JdkAzureHttpClient()).build());
        } catch (RuntimeException e) {
            throw new AzureFailure("cannot set up Azure credentials: " + AzureFailure.oneLine(e.getMessage()));
        }
    }

    @Override
    public String token(String scope) {
        try {
            AccessToken t = credential.getTokenSync(new TokenRequestContext().addScopes(scope));
            if (t == null) {
                throw new AzureFailure("no Azure credentials gave a token");
            }
            return t.getToken();
        } catch (AzureFailure e) {
            throw e;
        } catch (RuntimeException e) {
            throw new AzureFailure("no Azure credentials: " + AzureFailure.oneLine(e.getMessage()));
        }
    }
}
