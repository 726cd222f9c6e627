package com.example.pets.pets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.pets.pets.PageToken.InvalidPageTokenException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PageTokenTest {

    @Test
    void a_token_decodes_to_the_id_it_was_made_from() {
        var id = PetIds.next();

        assertThat(PageToken.decode(PageToken.encode(id))).contains(id);
    }

    @Test
    void no_token_means_the_first_page() {
        assertThat(PageToken.decode(null)).isEmpty();
        assertThat(PageToken.decode("")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "%%%",
                "YWZ0ZXI6",
                "YWZ0ZXI6bm90LWFuLWlk",
                "aGVsbG8",
                "YWZ0ZXI6NkYxQzVFMEEtN0IyRC00QzhFLTlGM0EtMUIyQzNENEU1RjYw"
            })
    void a_token_we_did_not_issue_is_refused(String token) {
        assertThatThrownBy(() -> PageToken.decode(token)).isInstanceOf(InvalidPageTokenException.class);
    }
}
