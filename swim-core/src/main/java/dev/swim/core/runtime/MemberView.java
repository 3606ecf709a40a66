package dev.swim.core.runtime;

import dev.swim.core.member.Member;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * An immutable view of the members by name: a persistent AVL tree, so that the event loop applies
 * one member's change in O(log N) (a new root sharing all but one path with the old one) and
 * readers on other threads hold a consistent snapshot for as long as they like. {@link #get} costs
 * O(log N); {@link #list} builds the sorted list once per view, on the first reader's thread.
 */
final class MemberView {

  /** The view with no member. */
  static final MemberView EMPTY = new MemberView(null);

  private final Node root;
  private volatile List<Member> list; // built on first use; immutable once built

  private MemberView(Node root) {
    this.root = root;
  }

  /** The number of members. */
  int size() {
    return size(root);
  }

  /** The member named {@code name}, or {@code null}. */
  Member get(String name) {
    Node n = root;
    while (n != null) {
      int c = name.compareTo(n.member.name());
      if (c == 0) {
        return n.member;
      }
      n = c < 0 ? n.left : n.right;
    }
    return null;
  }

  /** This view with {@code m} added, or in place of the member of the same name. */
  MemberView with(Member m) {
    return new MemberView(put(root, m));
  }

  /** This view without the member named {@code name} (itself when there is none). */
  MemberView without(String name) {
    Node r = delete(root, name);
    return r == root ? this : new MemberView(r);
  }

  /** Every member, sorted by name: an immutable list, built once per view. */
  List<Member> list() {
    List<Member> l = list;
    if (l == null) {
      Member[] out = new Member[size()];
      fill(root, out, 0);
      l = new Sorted(out);
      list = l;
    }
    return l;
  }

  /** An immutable random-access list over an array nobody else holds. */
  private static final class Sorted extends AbstractList<Member> implements RandomAccess {
    private final Member[] members;

    Sorted(Member[] members) {
      this.members = members;
    }

    @Override
    public Member get(int index) {
      return members[index];
    }

    @Override
    public int size() {
      return members.length;
    }
  }

  private static int fill(Node n, Member[] out, int at) {
    while (n != null) {
      at = fill(n.left, out, at);
      out[at++] = n.member;
      n = n.right;
    }
    return at;
  }

  // --- a persistent AVL tree: nodes are never changed after construction ---

  private static final class Node {
    final Member member;
    final Node left;
    final Node right;
    final int height;
    final int size;

    Node(Member member, Node left, Node right) {
      this.member = member;
      this.left = left;
      this.right = right;
      this.height = Math.max(height(left), height(right)) + 1;
      this.size = size(left) + size(right) + 1;
    }
  }

  private static int height(Node n) {
    return n == null ? 0 : n.height;
  }

  private static int size(Node n) {
    return n == null ? 0 : n.size;
  }

  private static Node put(Node n, Member m) {
    if (n == null) {
      return new Node(m, null, null);
    }
    int c = m.name().compareTo(n.member.name());
    if (c == 0) {
      return new Node(m, n.left, n.right);
    }
    return c < 0
        ? balance(n.member, put(n.left, m), n.right)
        : balance(n.member, n.left, put(n.right, m));
  }

  private static Node delete(Node n, String name) {
    if (n == null) {
      return null;
    }
    int c = name.compareTo(n.member.name());
    if (c < 0) {
      Node l = delete(n.left, name);
      return l == n.left ? n : balance(n.member, l, n.right);
    }
    if (c > 0) {
      Node r = delete(n.right, name);
      return r == n.right ? n : balance(n.member, n.left, r);
    }
    if (n.left == null) {
      return n.right;
    }
    if (n.right == null) {
      return n.left;
    }
    Node min = n.right;
    while (min.left != null) {
      min = min.left;
    }
    return balance(min.member, n.left, deleteMin(n.right));
  }

  private static Node deleteMin(Node n) {
    if (n.left == null) {
      return n.right;
    }
    return balance(n.member, deleteMin(n.left), n.right);
  }

  /** A node of {@code m} over {@code l} and {@code r} (heights differ by at most 2), rebalanced. */
  private static Node balance(Member m, Node l, Node r) {
    int hl = height(l);
    int hr = height(r);
    if (hl > hr + 1) {
      if (height(l.left) >= height(l.right)) {
        return new Node(l.member, l.left, new Node(m, l.right, r));
      }
      return new Node(
          l.right.member, new Node(l.member, l.left, l.right.left), new Node(m, l.right.right, r));
    }
    if (hr > hl + 1) {
      if (height(r.right) >= height(r.left)) {
        return new Node(r.member, new Node(m, l, r.left), r.right);
      }
      return new Node(
          r.left.member, new Node(m, l, r.left.left), new Node(r.member, r.left.right, r.right));
    }
    return new Node(m, l, r);
  }

  /** The tree's height (for tests of the balance). */
  int height() {
    return height(root);
  }
}
