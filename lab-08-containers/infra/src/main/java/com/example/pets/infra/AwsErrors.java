package com.example.pets.infra;

import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Turns what the AWS SDK throws into one line a learner can act on: what failed, why, and what to do. The
 * commands print that line and exit with 1, never a stack trace.
 */
final class AwsErrors {

    private static final Set<String> DENIED =
            Set.of("AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError");
    private static final Set<String> EXPIRED =
            Set.of("ExpiredToken", "ExpiredTokenException", "RequestExpired", "TokenRefreshRequired");
    private static final Set<String> INVALID = Set.of(
            "InvalidClientTokenId",
            "UnrecognizedClientException",
            "SignatureDoesNotMatch",
            "InvalidSignatureException",
            "InvalidAccessKeyId");

    private static final Pattern HOST = Pattern.compile("[a-z0-9-]+(\\.[a-z0-9-]+)*\\.(amazonaws\\.com|api\\.aws)");

    private AwsErrors() {}

    /**
     * @param call the API call that failed, as IAM names it ({@code lambda:GetAccountSettings})
     * @param region the region the call went to
     */
    static String describe(Throwable error, String call, String region) {
        if (error instanceof AwsServiceException service) {
            var code = service.awsErrorDetails() == null
                            || service.awsErrorDetails().errorCode() == null
                    ? "HTTP " + service.statusCode()
                    : service.awsErrorDetails().errorCode();
            if (DENIED.contains(code)) {
                return call + " was denied (" + code + "): the credentials in use may not call it. Sign in as a user"
                        + " with AdministratorAccess (lab-05-iac/ACCOUNT.md) and run again.";
            }
            if (EXPIRED.contains(code)) {
                return call + " failed: the credentials have expired (" + code
                        + "). Renew them (aws login, or aws sso login with Identity Center) and" + " run again.";
            }
            if (INVALID.contains(code)) {
                return call + " failed: AWS does not accept these credentials (" + code + "). Check AWS_PROFILE"
                        + " and the keys or SSO session it names.";
            }
            if (service.isThrottlingException()) {
                return call + " was throttled by AWS (" + code + ") after the SDK's retries. Wait a minute and run"
                        + " again.";
            }
            return call + " failed: " + code + ": "
                    + firstLine(
                            service.awsErrorDetails() == null
                                    ? service.getMessage()
                                    : service.awsErrorDetails().errorMessage());
        }
        var message = String.valueOf(error.getMessage());
        if (message.contains("Unable to load credentials") || message.contains("Access key must be specified")) {
            return "No AWS credentials found for " + call + ": sign in as lab-05-iac/ACCOUNT.md step 2 shows (aws"
                    + " login), then export AWS_PROFILE with the profile that step sets up (course) and run again.";
        }
        if (message.contains("Unable to load region")) {
            return "No AWS region set: export AWS_REGION=" + Regions.RECOMMENDED + " (or one of "
                    + String.join(", ", Regions.supported()) + ") and run again.";
        }
        if (message.toLowerCase(Locale.ROOT).contains("expired")) {
            return call
                    + " failed: the credentials have expired. Renew them (aws login, or aws sso login with Identity Center) and run again.";
        }
        for (var cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnknownHostException unknown) {
                var host = HOST.matcher(String.valueOf(unknown.getMessage()));
                return call + " has no endpoint in " + region + " (" + (host.find() ? host.group() : "its host")
                        + " does not resolve): the service is not offered there, or the region name is wrong."
                        + " Supported regions: " + String.join(", ", Regions.supported()) + ".";
            }
        }
        if (error instanceof SdkClientException) {
            return call + " failed before AWS answered: " + firstLine(message);
        }
        return call + " failed: " + error.getClass().getSimpleName() + ": " + firstLine(message);
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "(no message)";
        }
        var line = text.strip().lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
