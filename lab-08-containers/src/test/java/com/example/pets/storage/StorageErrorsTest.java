package com.example.pets.storage;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

/** Which SDK failures mean "try again later" (503) and which are bugs (500). DynamoDB Local never throttles. */
class StorageErrorsTest {

    @Test
    void throttling_is_temporary() {
        var throttled = ProvisionedThroughputExceededException.builder()
                .statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode("ProvisionedThroughputExceededException")
                        .build())
                .build();

        assertThatThrownBy(() -> StorageErrors.translate(() -> {
                    throw throttled;
                }))
                .isInstanceOf(StorageUnavailableException.class)
                .hasCause(throttled);
    }

    @Test
    void throttling_reported_by_error_code_is_temporary() {
        var throttled = DynamoDbException.builder()
                .statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode("ThrottlingException")
                        .build())
                .build();

        assertThatThrownBy(() -> StorageErrors.translate(() -> {
                    throw throttled;
                }))
                .isInstanceOf(StorageUnavailableException.class);
    }

    @Test
    void a_dynamodb_server_error_is_temporary() {
        var serverError = InternalServerErrorException.builder().statusCode(500).build();

        assertThatThrownBy(() -> StorageErrors.translate(() -> {
                    throw serverError;
                }))
                .isInstanceOf(StorageUnavailableException.class);
    }

    @Test
    void no_connection_or_a_timeout_is_temporary() {
        assertThatThrownBy(() -> StorageErrors.translate(() -> {
                    throw SdkClientException.create("Connection refused");
                }))
                .isInstanceOf(StorageUnavailableException.class);
        assertThatThrownBy(() -> StorageErrors.translate(() -> {
                    throw ApiCallTimeoutException.create(3000);
                }))
                .isInstanceOf(StorageUnavailableException.class);
    }

    @Test
    void a_rejected_request_is_a_bug_not_an_outage() {
        var invalid = DynamoDbException.builder()
                .statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode("ValidationException")
                        .build())
                .build();

        assertThatThrownBy(() -> StorageErrors.translate(() -> {
                    throw invalid;
                }))
                .isSameAs(invalid);
    }
}
