package org.genet.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 19, finding 6, without a network: who claims a name, and how the list shows it. */
class NameConflictTest {

    @Test
    void anAnnouncerWithoutOurTxtRecordThatTakesTheNameIsMarkedBesideTheRenamedTree() {
        FoundTree hostile = new FoundTree("Real tree", "192.0.2.66", 5000, -1, true); // says no claimed name
        FoundTree real = new FoundTree("Real tree (2)", "192.0.2.10", 5000, 12, true, "Real tree", null);
        FoundTree other = new FoundTree("Another tree", "192.0.2.11", 5000, 3, true, "Another tree", null);
        List<FoundTree> list = TreeBrowser.marked(List.of(real, other, hostile));
        assertThat(list).extracting(FoundTree::name).containsExactly("Another tree", "Real tree", "Real tree (2)");
        assertThat(list.get(0).nameSharedWith()).isNull();
        assertThat(list.get(1).nameSharedWith()).isEqualTo("192.0.2.10:5000");
        assertThat(list.get(2).nameSharedWith()).isEqualTo("192.0.2.66:5000");
        assertThat(list.get(2).describe()).isEqualTo("Real tree (2)  (192.0.2.10:5000, 12 nodes)"
                + "  ! name \"Real tree\" also announced by 192.0.2.66:5000: check the address");
        assertThat(list.get(0).describe()).isEqualTo("Another tree  (192.0.2.11:5000, 3 nodes)");
    }
}
