// The replay command lands in the next commit; until then the tool only explains itself.
Console.Error.WriteLine("usage: controlroom replay FILE --url URL --key KEY [--batch N] [--speed X]");
return 2;
