package org.genet.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Per-address rates with a bounded table: forged source addresses cannot grow it without bound. */
class AddressRatesTest {

    @Test
    void anAddressHasItsBurstThenItsRate() {
        AddressRates rates = new AddressRates(10, 5, 100);
        long t = 0;
        int taken = 0;
        for (int i = 0; i < 20; i++) {
            taken += rates.take("a", t) ? 1 : 0;
        }
        assertThat(taken).isEqualTo(5);
        assertThat(rates.take("a", t + 100_000_000L)).as("one token back after 0.1 s at 10 a second").isTrue();
        assertThat(rates.take("b", t)).as("another address has its own").isTrue();
    }

    @Test
    void theTableNeverHoldsMoreThanItsBoundAndForgetsIdleAddresses() {
        AddressRates rates = new AddressRates(10, 5, 1000);
        for (int i = 0; i < 100_000; i++) {
            rates.take("forged-" + i, 0);
        }
        assertThat(rates.addresses()).isEqualTo(1000);
        assertThat(rates.take("new", 0)).as("a full table of busy addresses refuses a new one").isFalse();
        // half a second later every bucket is full again: the idle addresses are forgotten, the new one served
        assertThat(rates.take("new", 500_000_000L)).isTrue();
        assertThat(rates.addresses()).isEqualTo(1);
    }
}
