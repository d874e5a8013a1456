package dev.sops4j.kms.fake;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for AWS STS (Query protocol, API version 2011-06-15, XML responses) on a loopback port, for the real
 * SDK client pointed at it through {@code AWS_ENDPOINT_URL_STS}. {@code AssumeRole} requires a valid SigV4
 * signature from a {@link FakeAwsAccount} key; {@code AssumeRoleWithWebIdentity} is unsigned, as on AWS, and
 * checks the web identity token (the content of the token file a CI runner writes) against the one registered for
 * the role, as AWS checks an OIDC provider's token. Issued temporary keys are registered in the account so
 * {@link FakeKmsServer} accepts them.
 */
public final class FakeStsServer implements AutoCloseable {
    /** One call: action, role, session name, who called (empty for web identity) and the key it issued. */
    public record Call(String action, String roleArn, String sessionName, String caller, String issuedKeyId,
            String error) {
    }

    private static final String NS = "https://sts.amazonaws.com/doc/2011-06-15/";

    private final FakeAwsAccount account;
    private final LoopbackHttp http;
    private final Map<String, String> webIdentityTokens = new ConcurrentHashMap<>();
    private final Set<String> deniedRoles = ConcurrentHashMap.newKeySet();
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    private FakeStsServer(FakeAwsAccount account) throws IOException {
        this.account = account;
        this.http = new LoopbackHttp("fake-sts", this::handle);
    }

    public static FakeStsServer start(FakeAwsAccount account) throws IOException {
        return new FakeStsServer(account);
    }

    public URI endpoint() {
        return http.endpoint();
    }

    /** {@code roleArn} trusts the OIDC provider that issued {@code token}. */
    public void trustWebIdentity(String roleArn, String token) {
        webIdentityTokens.put(roleArn, token);
    }

    /** AssumeRole of {@code roleArn} is refused with AccessDenied. */
    public void denyRole(String roleArn) {
        deniedRoles.add(roleArn);
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    @Override
    public void close() {
        http.close();
    }

    private LoopbackHttp.Response handle(LoopbackHttp.Request req) {
        Map<String, String> form = form(new String(req.body(), StandardCharsets.UTF_8));
        String action = form.getOrDefault("Action", "");
        String role = form.getOrDefault("RoleArn", "");
        String session = form.getOrDefault("RoleSessionName", "");
        if (!"2011-06-15".equals(form.get("Version"))) {
            return fail(400, action, role, session, "", "InvalidAction", "Could not find operation " + action);
        }
        return switch (action) {
            case "AssumeRole" -> assumeRole(req, role, session);
            case "AssumeRoleWithWebIdentity" -> webIdentity(form, role, session);
            default -> fail(400, action, role, session, "", "InvalidAction",
                    "Could not find operation " + action + " for version 2011-06-15");
        };
    }

    private LoopbackHttp.Response assumeRole(LoopbackHttp.Request req, String role, String session) {
        SigV4.Caller caller;
        try {
            caller = SigV4.verify(req, account, "sts");
        } catch (SigV4.Rejected r) {
            String code = switch (r.kind) {
                case MISSING -> "MissingAuthenticationToken";
                case MALFORMED -> "IncompleteSignature";
                case UNKNOWN_KEY, BAD_TOKEN -> "InvalidClientTokenId";
                case BAD_SIGNATURE -> "SignatureDoesNotMatch";
            };
            return fail(403, "AssumeRole", role, session, "", code, r.getMessage());
        }
        String who = caller.identity().principal();
        if (deniedRoles.contains(role)) {
            return fail(403, "AssumeRole", role, session, who, "AccessDenied", "User: " + who
                    + " is not authorized to perform: sts:AssumeRole on resource: " + role);
        }
        return issue("AssumeRole", role, session, who, "");
    }

    private LoopbackHttp.Response webIdentity(Map<String, String> form, String role, String session) {
        String expected = webIdentityTokens.get(role);
        String token = form.getOrDefault("WebIdentityToken", "");
        if (expected == null) {
            return fail(403, "AssumeRoleWithWebIdentity", role, session, "", "AccessDenied",
                    "Not authorized to perform sts:AssumeRoleWithWebIdentity");
        }
        if (!expected.equals(token)) {
            return fail(400, "AssumeRoleWithWebIdentity", role, session, "", "InvalidIdentityToken",
                    "Couldn't retrieve verification key from your identity provider");
        }
        return issue("AssumeRoleWithWebIdentity", role, session, "", "<SubjectFromWebIdentityToken>repo:acme/app"
                + "</SubjectFromWebIdentityToken><Provider>token.actions.githubusercontent.com</Provider>"
                + "<Audience>sts.amazonaws.com</Audience>");
    }

    private LoopbackHttp.Response issue(String action, String role, String session, String caller, String extra) {
        FakeAwsAccount.Identity id = account.issueSession(role, session);
        calls.add(new Call(action, role, session, caller, id.accessKeyId(), ""));
        String roleName = role.substring(role.lastIndexOf('/') + 1);
        String xml = "<" + action + "Response xmlns=\"" + NS + "\"><" + action + "Result>"
                + "<Credentials><AccessKeyId>" + id.accessKeyId() + "</AccessKeyId>"
                + "<SecretAccessKey>" + id.secretAccessKey() + "</SecretAccessKey>"
                + "<SessionToken>" + id.sessionToken() + "</SessionToken>"
                + "<Expiration>" + Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS)
                + "</Expiration></Credentials>"
                + "<AssumedRoleUser><AssumedRoleId>AROA" + roleName.toUpperCase() + ":" + xml(session)
                + "</AssumedRoleId><Arn>" + xml(id.principal()) + "</Arn></AssumedRoleUser>" + extra
                + "</" + action + "Result><ResponseMetadata><RequestId>" + UUID.randomUUID()
                + "</RequestId></ResponseMetadata></" + action + "Response>";
        return send(200, xml);
    }

    private LoopbackHttp.Response fail(int status, String action, String role, String session, String caller,
            String code, String message) {
        calls.add(new Call(action, role, session, caller, "", code));
        return send(status, "<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type><Code>" + code
                + "</Code><Message>" + xml(message) + "</Message></Error><RequestId>" + UUID.randomUUID()
                + "</RequestId></ErrorResponse>");
    }

    private static LoopbackHttp.Response send(int status, String xml) {
        return new LoopbackHttp.Response(status, Map.of("Content-Type", "text/xml"),
                xml.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
