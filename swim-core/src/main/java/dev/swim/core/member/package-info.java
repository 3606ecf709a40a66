/** Value types shared by every layer: members, their states, addresses and membership events. */
package dev.swim.core.member;
