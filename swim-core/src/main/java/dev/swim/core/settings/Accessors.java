package dev.swim.core.settings;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Where each setting lives in one typed configuration class: its getter on the built configuration
 * and its setter on the builder, one entry per setting. Lets code that works on every setting (a
 * property binder, a settings report) reach the typed fields without naming them.
 *
 * @param <C> the configuration type
 * @param <B> its builder type
 */
public final class Accessors<C, B> {

  /** One setting's getter and setter. */
  public record Accessor<C, B, T>(Setting<T> setting, Function<C, T> get, BiConsumer<B, T> set) {}

  private final IdentityHashMap<Setting<?>, Accessor<C, B, ?>> bySetting = new IdentityHashMap<>();

  /** The accessors of {@code entries}, each setting at most once. */
  public Accessors(List<Accessor<C, B, ?>> entries) {
    for (Accessor<C, B, ?> a : entries) {
      if (bySetting.put(a.setting(), a) != null) {
        throw new IllegalArgumentException(a.setting() + " has two accessors");
      }
    }
  }

  /** An accessor of {@code setting}. */
  public static <C, B, T> Accessor<C, B, T> of(
      Setting<T> setting, Function<C, T> get, BiConsumer<B, T> set) {
    return new Accessor<>(setting, get, set);
  }

  /** Whether {@code setting} lives here. */
  public boolean has(Setting<?> setting) {
    return bySetting.containsKey(setting);
  }

  /** The value of {@code setting} in {@code config}. */
  @SuppressWarnings("unchecked")
  public <T> T get(C config, Setting<T> setting) {
    return ((Accessor<C, B, T>) accessor(setting)).get().apply(config);
  }

  /** Sets {@code setting} to {@code value} on {@code builder}. */
  @SuppressWarnings("unchecked")
  public <T> void set(B builder, Setting<T> setting, T value) {
    ((Accessor<C, B, T>) accessor(setting)).set().accept(builder, value);
  }

  private Accessor<C, B, ?> accessor(Setting<?> setting) {
    Accessor<C, B, ?> a = bySetting.get(setting);
    if (a == null) {
      throw new IllegalArgumentException(setting + " is not a setting of this configuration");
    }
    return a;
  }
}
