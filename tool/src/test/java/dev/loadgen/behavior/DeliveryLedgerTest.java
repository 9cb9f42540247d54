package dev.loadgen.behavior;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.metrics.WsCounters;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A message followed to the members of its group, in virtual time: delivered, lost after the timeout, or inconclusive. */
class DeliveryLedgerTest {
    private static final long S = 1_000_000_000L;

    @Test
    void a_member_who_has_not_got_a_message_when_the_timeout_passes_has_lost_it() {
        WsCounters counters = new WsCounters();
        DeliveryLedger ledger = new DeliveryLedger(counters, Duration.ofSeconds(10), 0);
        ledger.joined("room-1", 1);
        ledger.joined("room-1", 2);
        ledger.joined("room-1", 3);
        ledger.sent("1-1", "room-1", 1, 0);
        ledger.received("1-1", 1, S / 1000);     // echo after 1 ms
        ledger.received("1-1", 2, 2 * S / 1000); // a peer after 2 ms; member 3 never gets it
        ledger.sweep(9 * S);
        assertThat(counters.lostTotal()).isZero();
        assertThat(counters.settledTotal()).isZero();
        ledger.sweep(10 * S);
        assertThat(counters.lostTotal()).isEqualTo(1);
        assertThat(counters.settledTotal()).isEqualTo(3);
    }

    @Test
    void a_member_that_leaves_while_a_message_is_on_its_way_makes_it_count_for_neither_side() {
        WsCounters counters = new WsCounters();
        DeliveryLedger ledger = new DeliveryLedger(counters, Duration.ofSeconds(10), 0);
        ledger.joined("room-1", 1);
        ledger.joined("room-1", 2);
        ledger.sent("1-1", "room-1", 1, 0);
        ledger.received("1-1", 1, S / 1000);
        ledger.left("room-1", 2);
        ledger.sweep(20 * S);
        assertThat(counters.lostTotal()).isZero();
        assertThat(counters.settledTotal()).isZero();
    }

    @Test
    void a_message_every_member_got_settles_at_once() {
        WsCounters counters = new WsCounters();
        DeliveryLedger ledger = new DeliveryLedger(counters, Duration.ofSeconds(10), 0);
        ledger.joined("room-1", 1);
        ledger.sent("1-1", "room-1", 1, 0);
        ledger.received("1-1", 1, S / 1000);
        assertThat(counters.settledTotal()).isEqualTo(1);
        assertThat(counters.lostTotal()).isZero();
    }
}
