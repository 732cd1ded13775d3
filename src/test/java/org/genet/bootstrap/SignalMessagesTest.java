package org.genet.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.genet.overlay.WireException;
import org.junit.jupiter.api.Test;

class SignalMessagesTest {
    private static final String ID = "0123456789abcdef0123456789abcdef";

    @Test
    void theOriginIsOverwrittenInPlaceAndTheRestCopiedAsItIs() throws Exception {
        String in = "{\"origin\":\"forged\",\"destination\":null,\"signal\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\na=x\"},\"rank\":3}";
        SignalMessages.Routed out = SignalMessages.withOrigin(in, ID);
        assertThat(out.text()).isEqualTo(in.replace("forged", ID));
        assertThat(out.destination()).isNull();
        assertThat(out.destinationValid()).isTrue();
    }

    @Test
    void aMissingOriginIsAddedLastAsTheOriginalDoes() throws Exception {
        SignalMessages.Routed out = SignalMessages.withOrigin("{\"destination\":\"abc\",\"signal\":{}}", ID);
        assertThat(out.text()).isEqualTo("{\"destination\":\"abc\",\"signal\":{},\"origin\":\"" + ID + "\"}");
        assertThat(out.destination()).isEqualTo("abc");
    }

    @Test
    void aDestinationThatIsNoStringIsFlagged() throws Exception {
        assertThat(SignalMessages.withOrigin("{\"destination\":7}", ID).destinationValid()).isFalse();
        assertThat(SignalMessages.withOrigin("{\"destination\":{\"a\":1}}", ID).destinationValid()).isFalse();
        assertThat(SignalMessages.withOrigin("{}", ID).destinationValid()).isTrue();
    }

    @Test
    void badFramesAreRefused() {
        for (String bad : new String[] {"", "[]", "1", "nope", "{\"a\":", "{} []"}) {
            assertThatThrownBy(() -> SignalMessages.withOrigin(bad, ID)).as(bad).isInstanceOf(WireException.class);
        }
    }
}
