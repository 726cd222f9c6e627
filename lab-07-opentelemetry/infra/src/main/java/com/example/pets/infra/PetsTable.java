package com.example.pets.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.dynamodb.Table;
import software.constructs.Construct;

/** The pets table: one item per pet, keyed by its id. The API lists pets with a paginated Scan. */
public class PetsTable extends Construct {

    /**
     * The always-free DynamoDB tier is 25 read and 25 write capacity units of provisioned capacity per
     * region, shared by every table in the account. On-demand (the default of the console and of CDK's
     * {@code TableV2}) has no free tier.
     */
    public record Props(int readCapacity, int writeCapacity) {

        public static Builder builder() {
            return new Builder();
        }

        public static final class Builder {
            private int readCapacity = 5;
            private int writeCapacity = 5;

            public Builder readCapacity(int readCapacity) {
                this.readCapacity = readCapacity;
                return this;
            }

            public Builder writeCapacity(int writeCapacity) {
                this.writeCapacity = writeCapacity;
                return this;
            }

            public Props build() {
                return new Props(readCapacity, writeCapacity);
            }
        }
    }

    private final Table table;

    public PetsTable(Construct scope, String id, Props props) {
        super(scope, id);
        table = Table.Builder.create(this, "Table")
                .partitionKey(Attribute.builder()
                        .name("id")
                        .type(AttributeType.STRING)
                        .build())
                .billingMode(BillingMode.PROVISIONED)
                .readCapacity(props.readCapacity())
                .writeCapacity(props.writeCapacity())
                // Course data: `cdk destroy` must leave nothing behind that keeps costing money.
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();

        NagSuppressions.addResourceSuppressions(
                table,
                List.of(NagPackSuppression.builder()
                        .id("AwsSolutions-DDB3")
                        .reason("Point-in-time recovery is billed outside the free tier and the table only holds"
                                + " disposable course data that is deleted with the stack.")
                        .build()));
    }

    public ITable table() {
        return table;
    }
}
